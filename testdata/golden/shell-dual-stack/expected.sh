#!/bin/sh
docker run -d -p 127.0.0.1:8080:80 -p "[::1]:8080:80" nginx
docker run --publish="127.0.0.1:$PORT:80" -p "[::1]:$PORT:80" \
	--name web nginx
docker run -dp127.0.0.1::3000 -p "[::1]::3000" app
