#!/bin/sh
docker run -d -p 127.0.0.1:8080:80 web
docker run -d -p "127.0.0.1:8443:443" web
