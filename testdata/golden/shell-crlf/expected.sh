#!/bin/sh
docker run -d \
  -p 127.0.0.1:8080:80 \
  nginx
docker run -p 127.0.0.1:9000:9000 minio
