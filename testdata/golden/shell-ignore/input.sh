#!/bin/sh
# composefix: ignore
docker run -p 8080:80 nginx
docker run -p 8081:80 nginx # composefix: ignore
docker run -p 8082:80 \
	-p 8083:80 nginx # composefix: ignore
docker run -p 8084:80 nginx
