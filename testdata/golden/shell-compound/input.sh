#!/bin/bash
set -euo pipefail

start_db() {
	if ! docker ps | grep -q db; then
		docker run -d --name db \
			-p 5432:5432 \
			-e POSTGRES_PASSWORD=secret \
			postgres:16
	fi
}

for i in 1 2 3; do docker run -d -p "808$i:80" nginx; done
while false; do docker run -p 9090:9090 prom/prometheus; done
true && docker run -p 6379:6379 redis || docker run -p 6380:6379 redis
docker pull redis; docker run -d -p 11211:11211 memcached &
id=$(docker run -d -p 27017:27017 mongo)
old=`docker run -d -p 3000:3000 grafana/grafana`
case "$1" in
web) docker run -p 8000:8000 web ;;
esac
echo "$(docker run --rm -p 1234:1234 alpine true)"
