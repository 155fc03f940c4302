V = 1
	@test -n "$(FQDN)" || \
		(echo "ERROR: FQDN not defined"; docker ps; exit 1)
x: ; echo a \
  b; docker run -p 1:1 c
