# Command text in variables.
DOCKER ?= docker
IMAGE := site
DOCKER_RUN = docker run --rm -it -p 1313:1313 \
	-v $(CURDIR):/src
PODMAN_CMD := podman run -p 8000:8000
NOT_DOCKER = mkdir -p build

define RUN_API
@$(DOCKER) run -d -p 3000:3000 api
endef

.RECIPEPREFIX = >
serve:
>$(DOCKER_RUN) $(IMAGE) hugo server
>$(DOCKER) run -p 8080:80 $(IMAGE)
>${DOCKER} container run --publish=9090:9090 prom
api:
>$(RUN_API)
