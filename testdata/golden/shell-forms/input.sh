#!/bin/sh
# Every way docker's flag parser reads a publishing option.
docker run -d -p 3306:3306 mysql
docker run -p 3000 node
docker run --publish="8080:80" nginx
docker run --publish 8081:80 nginx
docker run --publish=8082:80 nginx
docker run -p8000:8000 app
docker run -p=8001:8001 app
docker run -dp 80:80 nginx
docker run -itp 81:80 nginx sh
docker run -dp82:80 nginx
docker run -p "$PORT:80" nginx
docker run -p ${P}:${P} app
docker run -p '5432:5432' postgres
docker run -p ":9000:9000" minio
docker run -p 6000-6005:6000-6005/udp app
docker run -e -p -p 7000:7000 -v /a:/b -w /w --name n app
