#!/usr/bin/env bash
# The commands that publish, and the prefixes that run them.
docker create -p 1001:80 nginx
docker container run -p 1002:80 nginx
docker container create -p 1003:80 nginx
podman run -p 1004:80 nginx
podman create --publish 1005:80 nginx
podman pod create --name pod -p 1006:80
nerdctl run -p 1007:80 nginx
docker compose -p project run -p 1008:80 web
docker-compose -f dev.yml run --publish 1009:80 web
docker --context remote run -p 1010:80 nginx
docker -H tcp://10.0.0.1:2375 --tls run -p 1011:80 nginx
sudo -E -u deploy docker run -p 1012:80 nginx
exec docker run -p 1013:80 nginx
command docker run -p 1014:80 nginx
nohup docker run -p 1015:80 nginx > log 2>&1 &
time docker run -p 1016:80 nginx
env DEBUG=1 docker run -p 1017:80 nginx
LOG=1 /usr/bin/docker run -p 1018:80 nginx
DOCKER=podman
$DOCKER run -p 1019:80 nginx
"${CONTAINER_ENGINE:-docker}" run -p 1020:80 nginx
