#!/bin/sh
docker run -d -p 0.0.0.0:8080:80 web
docker run -d -p "[::]:8443:443" web
