#!/bin/sh
# Entries composefix reports but does not change.
docker run -p 127.0.0.1:8080:80 nginx
docker run -p "[::1]:8081:80" nginx
docker run -p 0.0.0.0:8082:80 nginx
docker run -p "$BIND_IP:8083:80" nginx
docker run -p $PORTS nginx
docker run -p "${ports[@]}" nginx
docker run -p 80:80:80 nginx
docker run -d -P mysql
docker run -dP mysql
docker run --publish-all mysql
docker service create --name web -p 8084:80 nginx
docker service create --publish published=8085,target=80 nginx
docker run -p published=8086,target=80 nginx
