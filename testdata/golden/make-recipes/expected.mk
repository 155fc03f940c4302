.PHONY: db web run

HOST_PORT ?= 8080

db:
	@docker run -d --name db \
		-p 127.0.0.1:5432:5432 \
		-e POSTGRES_PASSWORD=$$PGPASS \
		postgres:16

web: db
	-docker rm -f web
	docker run -d -p 127.0.0.1:$(HOST_PORT):80 -p "127.0.0.1:$${TLS_PORT:-8443}:443" nginx
	+@docker run --rm -p 127.0.0.1:$$PORT:3000 app

run: ; docker run -p 127.0.0.1:9000:9000 minio/minio

# composefix: ignore
debug:
	docker run -p 2345:2345 delve # composefix: ignore
	echo "docker run -p 1:1 is not a command" && mkdir -p out
