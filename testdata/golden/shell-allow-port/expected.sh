#!/bin/sh
docker run -d -p 8080:8080 web
docker run -d -p 127.0.0.1:5432:5432 db
docker run -d -p 0.0.0.0:9000:9000 minio
