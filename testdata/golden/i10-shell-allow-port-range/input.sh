#!/bin/sh
# --allow-port 3306: a range stays public only when every port of it is
# allowed
docker run -p 3000-3400:3000-3400 mysql
docker run -p 3306:3306 mysql
docker run -p 8000-8001:8000-8001 nginx
