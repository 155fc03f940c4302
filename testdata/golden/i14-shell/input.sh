#!/bin/sh
# Regression (issue 14): docker run names its image on the command line.
docker run -d --name db -p 3306:3306 -e MYSQL_ROOT_PASSWORD=x mysql:8.4
docker run -p 8080:80 nginx:1.27
docker run --rm -it -p 9229:9229 node:20 node --inspect=0.0.0.0 app.js
podman run -p 15432:5432 docker.io/library/postgres:16@sha256:0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9
docker run -d -p 2375:2375 --privileged docker:dind
docker compose run -p 6379:6379 cache
docker run -P redis
