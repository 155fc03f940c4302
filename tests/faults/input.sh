#!/bin/sh
# A deploy script for the fault-injection sweep.
docker run -d --name web -p 8080:80 nginx
docker run -d --name db -p 127.0.0.1:5432:5432 postgres
