#!/bin/sh
# Nothing here publishes a port: docker run -p 80:80 nginx
echo "docker run -p 80:80 nginx"
printf '%s\n' 'docker run -p 81:80 nginx'
mkdir -p /srv/data
ssh -p 2222 deploy@host 'docker run -p 82:80 nginx'
ssh deploy@host <<EOF2
docker run -d -p 83:80 nginx
EOF2
cat <<-'END'
	docker run -p 84:80 nginx
	END
docker run --rm alpine nc -l -p 85
docker run --rm -- alpine -p 86:80
docker ps --filter publish=87
docker port web 88
docker exec web netstat -p
dockerd -p /var/run/docker.pid
pg_dump -p 5432 db > dump.sql
