#!/bin/sh
# Every way docker's flag parser reads a publishing option.
docker run -d -p 127.0.0.1:3306:3306 mysql
docker run -p 127.0.0.1::3000 node
docker run --publish="127.0.0.1:8080:80" nginx
docker run --publish 127.0.0.1:8081:80 nginx
docker run --publish=127.0.0.1:8082:80 nginx
docker run -p127.0.0.1:8000:8000 app
docker run -p=127.0.0.1:8001:8001 app
docker run -dp 127.0.0.1:80:80 nginx
docker run -itp 127.0.0.1:81:80 nginx sh
docker run -dp127.0.0.1:82:80 nginx
docker run -p "127.0.0.1:$PORT:80" nginx
docker run -p 127.0.0.1:${P}:${P} app
docker run -p '127.0.0.1:5432:5432' postgres
docker run -p "127.0.0.1:9000:9000" minio
docker run -p 127.0.0.1:6000-6005:6000-6005/udp app
docker run -e -p -p 127.0.0.1:7000:7000 -v /a:/b -w /w --name n app
