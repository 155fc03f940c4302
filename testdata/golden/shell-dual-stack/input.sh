#!/bin/sh
docker run -d -p 8080:80 nginx
docker run --publish="$PORT:80" \
	--name web nginx
docker run -dp3000 app
