#!/bin/sh
docker run -d \
  -p 8080:80 \
  nginx
docker run -p 9000:9000 minio
