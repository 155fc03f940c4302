#include "exposure.h"

#include <string.h>

#define HOST  EXPOSURE_RISK_HOST
#define CODE  EXPOSURE_RISK_CODE
#define DATA  EXPOSURE_RISK_DATA
#define ADMIN EXPOSURE_RISK_ADMIN
#define OTHER EXPOSURE_RISK_OTHER
#define WEB   EXPOSURE_RISK_WEB

/*
 * What listens where. Sorted by image (strcmp: "*" first), then port; the
 * unit test checks the order. An image's row for port 0 covers its other
 * ports (a server moved to another port is still that server), except
 * that a web server's or proxy's (a web row for port 0) gives way to the
 * port rows first, since on another port it forwards something else; an
 * image without one falls back to the port rows for ports it does not
 * list.
 * Each comment names where the ports are documented: the image's page on
 * Docker Hub (hub: namespace/name, "_" for official images), its Dockerfile
 * EXPOSE line, the project's manual, or IANA's service-name registry for
 * the "*" rows.
 */
static const struct exposure_entry table[] = {
	/* IANA: ftp 21 */
	{ "*", 21, OTHER, "FTP" },
	/* IANA: ssh 22 */
	{ "*", 22, OTHER, "SSH" },
	/* IANA: smtp 25 */
	{ "*", 25, OTHER, "SMTP" },
	/* IANA: domain 53 */
	{ "*", 53, OTHER, "DNS" },
	/* IANA: http 80 */
	{ "*", 80, WEB, "HTTP" },
	/* IANA: pop3 110 */
	{ "*", 110, OTHER, "POP3" },
	/* IANA: imap 143 */
	{ "*", 143, OTHER, "IMAP" },
	/* IANA: ldap 389 */
	{ "*", 389, DATA, "LDAP" },
	/* IANA: https 443 */
	{ "*", 443, WEB, "HTTPS" },
	/* IANA: microsoft-ds 445 */
	{ "*", 445, DATA, "SMB" },
	/* IANA: submissions 465 */
	{ "*", 465, OTHER, "SMTP" },
	/* IANA: syslog 514 (udp) */
	{ "*", 514, OTHER, "syslog" },
	/* IANA: submission 587 */
	{ "*", 587, OTHER, "SMTP" },
	/* IANA: ldaps 636 */
	{ "*", 636, DATA, "LDAP" },
	/* IANA: imaps 993, pop3s 995 */
	{ "*", 993, OTHER, "IMAP" },
	{ "*", 995, OTHER, "POP3" },
	/* IANA: openvpn 1194 */
	{ "*", 1194, OTHER, "OpenVPN" },
	/* IANA: ms-sql-s 1433 */
	{ "*", 1433, DATA, "SQL Server" },
	/* IANA: ncube-lm 1521, Oracle's documented listener default */
	{ "*", 1521, DATA, "Oracle Database" },
	/* IANA: mqtt 1883 */
	{ "*", 1883, DATA, "MQTT" },
	/* IANA: nfs 2049 */
	{ "*", 2049, DATA, "NFS" },
	/* IANA: eforward 2181, ZooKeeper's documented clientPort */
	{ "*", 2181, DATA, "ZooKeeper" },
	/* Delve's documented headless default (dlv --listen=:2345) */
	{ "*", 2345, CODE, "Delve Go debugger" },
	/* IANA: docker 2375 (plain) */
	{ "*", 2375, HOST, "Docker API" },
	/* IANA: docker-s 2376 (TLS) */
	{ "*", 2376, HOST, "Docker API" },
	/* IANA: etcd-client 2379 */
	{ "*", 2379, DATA, "etcd" },
	/* the default of Node.js, Rails, Grafana-style dev servers */
	{ "*", 3000, WEB, "HTTP" },
	/* IANA: mysql 3306 */
	{ "*", 3306, DATA, "MySQL" },
	/* IANA: ms-wbt-server 3389 */
	{ "*", 3389, ADMIN, "Remote Desktop" },
	/* IANA: stun 3478 */
	{ "*", 3478, OTHER, "STUN/TURN" },
	/* NATS docs: client port 4222 */
	{ "*", 4222, DATA, "NATS" },
	/* the default of Flask and other dev servers */
	{ "*", 5000, WEB, "HTTP" },
	/* JDWP: the port every JVM debug guide uses (address=*:5005) */
	{ "*", 5005, CODE, "JDWP Java debugger" },
	/* IANA: sip 5060 */
	{ "*", 5060, OTHER, "SIP" },
	/* IANA: postgresql 5432 */
	{ "*", 5432, DATA, "PostgreSQL" },
	/* IANA: esmagent 5601, Kibana's documented server.port */
	{ "*", 5601, ADMIN, "Kibana" },
	/* IANA: amqp 5672 */
	{ "*", 5672, DATA, "AMQP" },
	/* debugpy's documented default (--listen 5678) */
	{ "*", 5678, CODE, "debugpy Python debugger" },
	/* IANA: rfb 5900 */
	{ "*", 5900, ADMIN, "VNC" },
	/* IANA: couchdb 5984 */
	{ "*", 5984, DATA, "CouchDB" },
	/* IANA: redis 6379 */
	{ "*", 6379, DATA, "Redis" },
	/* PgBouncer docs: listen_port 6432 */
	{ "*", 6432, DATA, "PgBouncer" },
	/* IANA: bittorrent 6881 */
	{ "*", 6881, OTHER, "BitTorrent" },
	/* Neo4j operations manual: HTTP 7474 */
	{ "*", 7474, DATA, "Neo4j" },
	/* Neo4j operations manual: Bolt 7687 */
	{ "*", 7687, DATA, "Neo4j" },
	/* common alternate HTTP port (IANA: http-alt 8080, 8000) */
	{ "*", 8000, WEB, "HTTP" },
	{ "*", 8080, WEB, "HTTP" },
	/* InfluxDB docs: HTTP API 8086 */
	{ "*", 8086, DATA, "InfluxDB" },
	/* ClickHouse docs: HTTP interface 8123 */
	{ "*", 8123, DATA, "ClickHouse" },
	/* Vault docs: api_addr default 8200 */
	{ "*", 8200, DATA, "Vault" },
	/* IANA: pcsync-https 8443, the usual alternate HTTPS port */
	{ "*", 8443, WEB, "HTTPS" },
	/* Consul docs: HTTP API 8500 */
	{ "*", 8500, DATA, "Consul" },
	/* ArangoDB docs: endpoint 8529 */
	{ "*", 8529, DATA, "ArangoDB" },
	/* Solr reference guide: default port 8983 */
	{ "*", 8983, DATA, "Solr" },
	/* Cassandra docs: native_transport_port 9042 */
	{ "*", 9042, DATA, "Cassandra" },
	/* Prometheus docs: --web.listen-address default :9090 */
	{ "*", 9090, ADMIN, "Prometheus" },
	/* Kafka docs: listeners PLAINTEXT://:9092 */
	{ "*", 9092, DATA, "Kafka" },
	/* Elasticsearch docs: http.port 9200, transport.port 9300 */
	{ "*", 9200, DATA, "Elasticsearch" },
	/* Node.js docs: --inspect default 127.0.0.1:9229 */
	{ "*", 9229, CODE, "Node.js inspector" },
	{ "*", 9300, DATA, "Elasticsearch" },
	/* IANA: memcache 11211 */
	{ "*", 11211, DATA, "Memcached" },
	/* RabbitMQ docs (networking): management UI 15672 */
	{ "*", 15672, ADMIN, "RabbitMQ management" },
	/* Redis docs: Sentinel port 26379 */
	{ "*", 26379, DATA, "Redis Sentinel" },
	/* MongoDB docs: default port 27017 */
	{ "*", 27017, DATA, "MongoDB" },
	/* RethinkDB docs: client driver port 28015 */
	{ "*", 28015, DATA, "RethinkDB" },
	/* ActiveMQ docs: OpenWire 61616 */
	{ "*", 61616, DATA, "ActiveMQ" },

	/* hub apache/activemq-artemis: 61616, console 8161 */
	{ "activemq-artemis", 0, DATA, "ActiveMQ Artemis" },
	{ "activemq-artemis", 8161, ADMIN, "ActiveMQ console" },
	/* hub apache/activemq-classic: 61616, console 8161 */
	{ "activemq-classic", 0, DATA, "ActiveMQ" },
	{ "activemq-classic", 8161, ADMIN, "ActiveMQ console" },
	/* hub _/adminer: "port 8080" */
	{ "adminer", 0, ADMIN, "Adminer" },
	/* hub tchiotludo/akhq: 8080 */
	{ "akhq", 0, ADMIN, "AKHQ Kafka UI" },
	/* hub prom/alertmanager: EXPOSE 9093 */
	{ "alertmanager", 0, ADMIN, "Alertmanager" },
	/* hub _/arangodb: 8529 */
	{ "arangodb", 0, DATA, "ArangoDB" },
	/* hub mcr.microsoft.com/azure-sql-edge: 1433 */
	{ "azure-sql-edge", 0, DATA, "Azure SQL Edge" },
	/* hub mcr.microsoft.com/azure-storage/azurite: 10000-10002 */
	{ "azurite", 0, DATA, "Azurite Azure Storage" },
	/* hub jupyter/base-notebook: EXPOSE 8888; runs any code it is sent */
	{ "base-notebook", 0, CODE, "Jupyter" },
	/* hub _/caddy: EXPOSE 80 443 2019 (2019: the admin API, which
	 * listens on localhost inside the container) */
	{ "caddy", 0, WEB, "Caddy" },
	{ "caddy", 2019, ADMIN, "Caddy admin API" },
	/* hub gcr.io/cadvisor/cadvisor: 8080 */
	{ "cadvisor", 0, ADMIN, "cAdvisor" },
	/* hub _/cassandra: EXPOSE 7000 7001 7199 9042 9160 */
	{ "cassandra", 0, DATA, "Cassandra" },
	/* hub chromadb/chroma: 8000 */
	{ "chroma", 0, DATA, "Chroma" },
	/* hub _/clickhouse: EXPOSE 8123 9000 9009 */
	{ "clickhouse", 0, DATA, "ClickHouse" },
	/* hub clickhouse/clickhouse-server: EXPOSE 8123 9000 9009 */
	{ "clickhouse-server", 0, DATA, "ClickHouse" },
	/* hub dbeaver/cloudbeaver: 8978 */
	{ "cloudbeaver", 0, ADMIN, "CloudBeaver" },
	/* hub codercom/code-server: 8080; a shell in the browser */
	{ "code-server", 0, CODE, "code-server" },
	/* hub _/consul (hashicorp/consul): HTTP API and UI 8500, DNS 8600 */
	{ "consul", 0, DATA, "Consul" },
	/* hub _/couchbase: EXPOSE 8091-8097 11207 11210 11211 18091-18097 */
	{ "couchbase", 0, DATA, "Couchbase" },
	/* hub _/couchdb: EXPOSE 4369 5984 9100 */
	{ "couchdb", 0, DATA, "CouchDB" },
	/* hub confluentinc/cp-kafka: 9092 */
	{ "cp-kafka", 0, DATA, "Kafka" },
	/* hub confluentinc/cp-zookeeper: 2181 */
	{ "cp-zookeeper", 0, DATA, "ZooKeeper" },
	/* hub jupyter/datascience-notebook: 8888 */
	{ "datascience-notebook", 0, CODE, "Jupyter" },
	/* hub _/docker (dind): EXPOSE 2375 2376; other ports are the nested
	 * containers', left to the port rows */
	{ "docker", 2375, HOST, "Docker API" },
	{ "docker", 2376, HOST, "Docker API" },
	/* hub tecnativa/docker-socket-proxy: EXPOSE 2375 */
	{ "docker-socket-proxy", 0, HOST, "Docker API" },
	/* hub amir20/dozzle: 8080; every container's logs */
	{ "dozzle", 0, ADMIN, "Dozzle" },
	/* docker.dragonflydb.io/dragonflydb/dragonfly docs: 6379 */
	{ "dragonfly", 0, DATA, "Dragonfly" },
	/* hub amazon/dynamodb-local: 8000 */
	{ "dynamodb-local", 0, DATA, "DynamoDB Local" },
	/* hub _/eclipse-mosquitto: EXPOSE 1883 */
	{ "eclipse-mosquitto", 0, DATA, "Mosquitto MQTT broker" },
	/* hub _/elasticsearch: EXPOSE 9200 9300 */
	{ "elasticsearch", 0, DATA, "Elasticsearch" },
	/* hub bitnami/etcd, quay.io/coreos/etcd: 2379 client, 2380 peer */
	{ "etcd", 0, DATA, "etcd" },
	/* hub gitea/gitea: EXPOSE 22 3000 */
	{ "gitea", 0, WEB, "Gitea" },
	{ "gitea", 22, OTHER, "Gitea SSH" },
	/* hub gitlab/gitlab-ce: EXPOSE 22 80 443 */
	{ "gitlab-ce", 0, WEB, "GitLab" },
	{ "gitlab-ce", 22, OTHER, "GitLab SSH" },
	{ "gitlab-ee", 0, WEB, "GitLab" },
	{ "gitlab-ee", 22, OTHER, "GitLab SSH" },
	/* hub grafana/grafana: EXPOSE 3000 */
	{ "grafana", 0, ADMIN, "Grafana" },
	/* hub _/haproxy: the ports of its configuration, by convention 80 */
	{ "haproxy", 0, WEB, "HAProxy" },
	/* hub _/httpd: EXPOSE 80 */
	{ "httpd", 0, WEB, "Apache httpd" },
	/* hub _/influxdb: EXPOSE 8086 */
	{ "influxdb", 0, DATA, "InfluxDB" },
	/* hub jaegertracing/all-in-one: UI 16686; the rest take spans in
	 * (6831/udp, 14268, 4317, 4318) */
	{ "jaegertracing/all-in-one", 0, OTHER, "Jaeger collector" },
	{ "jaegertracing/all-in-one", 16686, ADMIN, "Jaeger UI" },
	/* hub jenkins/jenkins: EXPOSE 8080 50000 */
	{ "jenkins", 0, ADMIN, "Jenkins" },
	/* hub obsidiandynamics/kafdrop: 9000 */
	{ "kafdrop", 0, ADMIN, "Kafdrop Kafka UI" },
	/* hub apache/kafka, bitnami/kafka: 9092 */
	{ "kafka", 0, DATA, "Kafka" },
	/* hub provectuslabs/kafka-ui: 8080 */
	{ "kafka-ui", 0, ADMIN, "Kafka UI" },
	/* hub eqalpha/keydb: EXPOSE 6379 */
	{ "keydb", 0, DATA, "KeyDB" },
	/* hub _/kibana: EXPOSE 5601 */
	{ "kibana", 0, ADMIN, "Kibana" },
	/* hub localstack/localstack: edge port 4566 (S3, SQS, DynamoDB...) */
	{ "localstack", 0, DATA, "LocalStack" },
	/* hub mailhog/mailhog: EXPOSE 1025 (SMTP) 8025 (UI, every mail) */
	{ "mailhog", 0, ADMIN, "MailHog UI" },
	{ "mailhog", 1025, OTHER, "MailHog SMTP" },
	/* hub axllent/mailpit: EXPOSE 1025 (SMTP) 8025 (UI, every mail) */
	{ "mailpit", 0, ADMIN, "Mailpit UI" },
	{ "mailpit", 1025, OTHER, "Mailpit SMTP" },
	/* hub _/mariadb: EXPOSE 3306 */
	{ "mariadb", 0, DATA, "MariaDB" },
	/* hub getmeili/meilisearch: EXPOSE 7700 */
	{ "meilisearch", 0, DATA, "Meilisearch" },
	/* hub _/memcached: EXPOSE 11211 */
	{ "memcached", 0, DATA, "Memcached" },
	/* hub milvusdb/milvus: 19530 gRPC, 9091 HTTP */
	{ "milvus", 0, DATA, "Milvus" },
	/* hub jupyter/minimal-notebook: 8888 */
	{ "minimal-notebook", 0, CODE, "Jupyter" },
	/* hub minio/minio: API 9000, console 9001 (--console-address) */
	{ "minio", 0, DATA, "MinIO" },
	{ "minio", 9001, ADMIN, "MinIO console" },
	/* hub _/mongo: EXPOSE 27017 */
	{ "mongo", 0, DATA, "MongoDB" },
	/* hub _/mongo-express: EXPOSE 8081 */
	{ "mongo-express", 0, ADMIN, "mongo-express" },
	/* hub bitnami/mongodb, mongodb/mongodb-community-server: 27017 */
	{ "mongodb", 0, DATA, "MongoDB" },
	{ "mongodb-community-server", 0, DATA, "MongoDB" },
	/* mcr.microsoft.com/mssql/server docs: 1433 ("server" alone is too
	 * common a name to mean SQL Server) */
	{ "mssql/server", 0, DATA, "SQL Server" },
	/* hub _/mysql: EXPOSE 3306 33060 */
	{ "mysql", 0, DATA, "MySQL" },
	/* hub _/nats: EXPOSE 4222 6222 8222 (8222: HTTP monitoring) */
	{ "nats", 0, DATA, "NATS" },
	{ "nats", 8222, ADMIN, "NATS monitoring" },
	/* hub _/neo4j: EXPOSE 7473 7474 7687 */
	{ "neo4j", 0, DATA, "Neo4j" },
	/* hub netdata/netdata: 19999 */
	{ "netdata", 0, ADMIN, "Netdata" },
	/* hub _/nginx: EXPOSE 80 */
	{ "nginx", 0, WEB, "nginx" },
	/* hub jc21/nginx-proxy-manager: 80, 443, admin UI 81 */
	{ "nginx-proxy-manager", 0, WEB, "Nginx Proxy Manager" },
	{ "nginx-proxy-manager", 81, ADMIN, "Nginx Proxy Manager admin" },
	/* hub nginxinc/nginx-unprivileged: EXPOSE 8080 */
	{ "nginx-unprivileged", 0, WEB, "nginx" },
	/* hub osixia/openldap, bitnami/openldap: 389, 636 */
	{ "openldap", 0, DATA, "OpenLDAP" },
	/* hub openresty/openresty: EXPOSE 80 */
	{ "openresty", 0, WEB, "OpenResty" },
	/* hub opensearchproject/opensearch: 9200, 9600 */
	{ "opensearch", 0, DATA, "OpenSearch" },
	/* hub opensearchproject/opensearch-dashboards: 5601 */
	{ "opensearch-dashboards", 0, ADMIN, "OpenSearch Dashboards" },
	/* hub linuxserver/openssh-server: 2222 */
	{ "openssh-server", 0, OTHER, "SSH" },
	/* hub gvenzl/oracle-free, gvenzl/oracle-xe: 1521 */
	{ "oracle-free", 0, DATA, "Oracle Database" },
	{ "oracle-xe", 0, DATA, "Oracle Database" },
	/* hub _/percona, percona/percona-server: 3306 */
	{ "percona", 0, DATA, "Percona Server" },
	{ "percona-server", 0, DATA, "Percona Server" },
	/* hub dpage/pgadmin4: EXPOSE 80 443 */
	{ "pgadmin4", 0, ADMIN, "pgAdmin" },
	/* hub bitnami/pgbouncer, edoburu/pgbouncer: 6432, 5432 */
	{ "pgbouncer", 0, DATA, "PgBouncer" },
	/* hub pgvector/pgvector: the postgres image, 5432 */
	{ "pgvector", 0, DATA, "PostgreSQL" },
	/* hub sosedoff/pgweb: 8081 */
	{ "pgweb", 0, ADMIN, "pgweb" },
	/* hub _/phpmyadmin, phpmyadmin/phpmyadmin: EXPOSE 80 */
	{ "phpmyadmin", 0, ADMIN, "phpMyAdmin" },
	/* hub pihole/pihole: DNS 53, admin UI 80 */
	{ "pihole", 0, OTHER, "Pi-hole DNS" },
	{ "pihole", 80, ADMIN, "Pi-hole admin" },
	{ "pihole", 443, ADMIN, "Pi-hole admin" },
	/* hub portainer/portainer-ce: UI 9000 and 9443, edge tunnel 8000 */
	{ "portainer", 0, ADMIN, "Portainer" },
	{ "portainer-ce", 0, ADMIN, "Portainer" },
	{ "portainer-ee", 0, ADMIN, "Portainer" },
	/* hub postgis/postgis: the postgres image, 5432 */
	{ "postgis", 0, DATA, "PostgreSQL" },
	/* hub _/postgres: EXPOSE 5432 */
	{ "postgres", 0, DATA, "PostgreSQL" },
	/* hub bitnami/postgresql: 5432 */
	{ "postgresql", 0, DATA, "PostgreSQL" },
	/* hub prom/prometheus: EXPOSE 9090 */
	{ "prometheus", 0, ADMIN, "Prometheus" },
	/* hub apachepulsar/pulsar: 6650 binary, 8080 admin REST */
	{ "pulsar", 0, DATA, "Pulsar" },
	{ "pulsar", 8080, ADMIN, "Pulsar admin API" },
	/* hub jupyter/pyspark-notebook: 8888 */
	{ "pyspark-notebook", 0, CODE, "Jupyter" },
	/* hub qdrant/qdrant: EXPOSE 6333 6334 */
	{ "qdrant", 0, DATA, "Qdrant" },
	/* hub _/rabbitmq: EXPOSE 4369 5671 5672 15691 15692 25672;
	 * -management: 15671 15672 */
	{ "rabbitmq", 0, DATA, "RabbitMQ" },
	{ "rabbitmq", 15671, ADMIN, "RabbitMQ management" },
	{ "rabbitmq", 15672, ADMIN, "RabbitMQ management" },
	/* hub _/redis: EXPOSE 6379 */
	{ "redis", 0, DATA, "Redis" },
	/* hub rediscommander/redis-commander: 8081 */
	{ "redis-commander", 0, ADMIN, "Redis Commander" },
	/* hub redis/redis-stack: 6379, RedisInsight 8001 */
	{ "redis-stack", 0, DATA, "Redis" },
	{ "redis-stack", 8001, ADMIN, "RedisInsight" },
	/* hub redis/redis-stack-server: 6379 */
	{ "redis-stack-server", 0, DATA, "Redis" },
	/* hub redis/redisinsight: 5540 */
	{ "redisinsight", 0, ADMIN, "RedisInsight" },
	/* hub _/registry: EXPOSE 5000; push and pull any image */
	{ "registry", 0, DATA, "Docker registry" },
	/* hub _/rethinkdb: EXPOSE 28015 29015 8080 (8080: admin UI) */
	{ "rethinkdb", 0, DATA, "RethinkDB" },
	{ "rethinkdb", 8080, ADMIN, "RethinkDB admin" },
	/* hub jupyter/scipy-notebook: 8888 */
	{ "scipy-notebook", 0, CODE, "Jupyter" },
	/* hub scylladb/scylla: 9042 CQL */
	{ "scylla", 0, DATA, "ScyllaDB" },
	/* hub linuxserver/socket-proxy: 2375 */
	{ "socket-proxy", 0, HOST, "Docker API" },
	/* hub _/solr: EXPOSE 8983 */
	{ "solr", 0, DATA, "Solr" },
	/* hub jupyter/tensorflow-notebook: 8888 */
	{ "tensorflow-notebook", 0, CODE, "Jupyter" },
	/* hub timescale/timescaledb: the postgres image, 5432 */
	{ "timescaledb", 0, DATA, "PostgreSQL" },
	/* hub _/traefik: entrypoints 80, 443; dashboard/API 8080 */
	{ "traefik", 0, WEB, "Traefik" },
	{ "traefik", 8080, ADMIN, "Traefik dashboard" },
	/* hub typesense/typesense: 8108 */
	{ "typesense", 0, DATA, "Typesense" },
	/* hub louislam/uptime-kuma: EXPOSE 3001 */
	{ "uptime-kuma", 0, ADMIN, "Uptime Kuma" },
	/* hub valkey/valkey: EXPOSE 6379 */
	{ "valkey", 0, DATA, "Valkey" },
	/* hub hashicorp/vault: EXPOSE 8200 */
	{ "vault", 0, DATA, "Vault" },
	/* hub semitechnologies/weaviate: 8080 */
	{ "weaviate", 0, DATA, "Weaviate" },
	/* hub linuxserver/wireguard: 51820/udp */
	{ "wireguard", 0, OTHER, "WireGuard" },
	/* hub _/zookeeper: EXPOSE 2181 2888 3888 8080 (8080: AdminServer) */
	{ "zookeeper", 0, DATA, "ZooKeeper" },
	{ "zookeeper", 8080, ADMIN, "ZooKeeper AdminServer" },
};

#define TABLE_LEN (sizeof(table) / sizeof(table[0]))

/*
 * GitHub's bands: critical from 9.0, high from 7.0, medium from 4.0, low
 * below; SARIF's levels follow them (error, error, warning, note).
 */
static const struct {
	enum exposure_category category;
	const char *severity;
	const char *level;
} risks[] = {
	[EXPOSURE_RISK_HOST] = { EXPOSURE_ADMIN, "9.8", "error" },
	[EXPOSURE_RISK_CODE] = { EXPOSURE_ADMIN, "8.8", "error" },
	[EXPOSURE_RISK_DATA] = { EXPOSURE_DATA, "8.6", "error" },
	[EXPOSURE_RISK_ADMIN] = { EXPOSURE_ADMIN, "7.5", "error" },
	[EXPOSURE_RISK_OTHER] = { EXPOSURE_OTHER, "5.3", "warning" },
	[EXPOSURE_RISK_WEB] = { EXPOSURE_WEB, "3.1", "note" },
	[EXPOSURE_RISK_UNKNOWN] = { EXPOSURE_OTHER, "5.0", "warning" },
};
_Static_assert(sizeof(risks) / sizeof(risks[0]) == EXPOSURE_RISK_COUNT,
	       "a category and severity for every risk");

static const char *const category_names[] = {
	[EXPOSURE_DATA] = "data",
	[EXPOSURE_ADMIN] = "admin",
	[EXPOSURE_WEB] = "web",
	[EXPOSURE_OTHER] = "other",
};
_Static_assert(sizeof(category_names) / sizeof(category_names[0]) ==
		       EXPOSURE_CATEGORY_COUNT,
	       "a name for every category");

const struct exposure_entry *exposure_entries(size_t *n)
{
	*n = TABLE_LEN;
	return table;
}

/* Whether the first component of ref[0..len) (up to a '/') is a host. */
static bool is_registry(const char *s, size_t len)
{
	return memchr(s, '.', len) || memchr(s, ':', len) ||
	       (len == 9 && memcmp(s, "localhost", 9) == 0);
}

void exposure_image_parse(const char *ref, size_t len,
			  struct exposure_image *out)
{
	const char *at = ref ? memchr(ref, '@', len) : NULL;
	if (at) {
		len = (size_t)(at - ref);
	}
	const char *slash = len ? memchr(ref, '/', len) : NULL;
	if (slash && is_registry(ref, (size_t)(slash - ref))) {
		len -= (size_t)(slash + 1 - ref);
		ref = slash + 1;
	}
	if (len > 8 && memcmp(ref, "library/", 8) == 0) {
		ref += 8;
		len -= 8;
	}
	size_t name = len;
	while (name > 0 && ref[name - 1] != '/') {
		name--;
	}
	/* the registry is gone, so a ':' after the last '/' starts the tag
	 * (a '/' in an interpolated tag's default is not worth reading) */
	const char *colon = memchr(ref + name, ':', len - name);
	if (colon) {
		len = (size_t)(colon - ref);
	}
	out->path = ref;
	out->path_len = len;
	out->name = ref + name;
	out->name_len = len - name;
}

/* strcmp order of the entry's image against s[0..len). */
static int image_cmp(const char *image, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char a = (unsigned char)image[i];
		unsigned char b = (unsigned char)s[i];
		if (a != b) {
			return a == '\0' ? -1 : a < b ? -1 : 1;
		}
	}
	return image[len] != '\0';
}

/* Index of the first row of image s[0..len), or TABLE_LEN. */
static size_t first_row(const char *s, size_t len)
{
	size_t lo = 0, hi = TABLE_LEN;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (image_cmp(table[mid].image, s, len) < 0) {
			lo = mid + 1;
		} else {
			hi = mid;
		}
	}
	return lo < TABLE_LEN && image_cmp(table[lo].image, s, len) == 0
		       ? lo
		       : TABLE_LEN;
}

/* Lower risk enum values are worse. */
static const struct exposure_entry *worse(const struct exposure_entry *a,
					  const struct exposure_entry *b)
{
	return !a || b->risk < a->risk ? b : a;
}

/* What the rows of one image say about a port range. */
struct image_answer {
	const struct exposure_entry *port;  /* its worst row in lo..hi */
	const struct exposure_entry *any;   /* its row for any other port */
	const struct exposure_entry *worst; /* its worst row */
};

/* The rows of the image starting at table[i] (port 0 sorts first). */
static void image_rows(size_t i, unsigned lo, unsigned hi,
		       struct image_answer *a)
{
	const char *image = table[i].image;
	*a = (struct image_answer){ NULL, NULL, NULL };
	for (; i < TABLE_LEN && strcmp(table[i].image, image) == 0; i++) {
		const struct exposure_entry *e = &table[i];
		a->worst = worse(a->worst, e);
		if (e->port == 0) {
			a->any = e;
		} else if (lo != 0 && e->port >= lo && e->port <= hi) {
			a->port = worse(a->port, e);
		}
	}
}

/* The worst "*" row for a port in lo..hi, or NULL. */
static const struct exposure_entry *port_rows(unsigned lo, unsigned hi)
{
	const struct exposure_entry *e = NULL;
	if (lo == 0) {
		return NULL;
	}
	/* the "*" rows are first, sorted by port: the first with port lo
	 * or more, by bisection ('*' sorts before every image name) */
	size_t a = 0, b = TABLE_LEN;
	while (a < b) {
		size_t mid = a + (b - a) / 2;
		if (table[mid].image[0] == '*' && table[mid].port < lo) {
			a = mid + 1;
		} else {
			b = mid;
		}
	}
	for (size_t i = a;
	     i < TABLE_LEN && table[i].image[0] == '*' && table[i].port <= hi;
	     i++) {
		if (table[i].port >= lo) {
			e = worse(e, &table[i]);
		}
	}
	return e;
}

void exposure_lookup(const char *ref, size_t len, unsigned lo, unsigned hi,
		     struct exposure *out)
{
	const struct exposure_entry *e = NULL;
	struct image_answer a = { NULL, NULL, NULL };
	if (ref && len) {
		struct exposure_image im;
		exposure_image_parse(ref, len, &im);
		size_t i = first_row(im.path, im.path_len);
		if (i == TABLE_LEN) {
			i = first_row(im.name, im.name_len);
		}
		/* "*" is the port rows' mark, never an image */
		if (i < TABLE_LEN && im.name_len > 0 && im.name[0] != '*') {
			image_rows(i, lo, hi, &a);
		}
	}
	/*
	 * A server's image decides for all its ports. A web server or proxy
	 * on a port it does not list may forward something else: nginx on
	 * 3306 is MySQL, so a port that says more than web decides there.
	 */
	const struct exposure_entry *p = port_rows(lo, hi);
	e = a.port;
	if (!e && a.any && a.any->risk == EXPOSURE_RISK_WEB && p &&
	    p->risk != EXPOSURE_RISK_WEB) {
		e = p; /* web is what the image says anyway */
	}
	if (!e) {
		e = a.any ? a.any : p ? p : lo == 0 ? a.worst : NULL;
	}
	if (!e) {
		out->category = EXPOSURE_OTHER;
		out->risk = EXPOSURE_RISK_UNKNOWN;
		out->name = NULL;
		return;
	}
	out->risk = e->risk;
	out->category = risks[e->risk].category;
	out->name = e->name;
}

const char *exposure_category_name(enum exposure_category c)
{
	return (unsigned)c < EXPOSURE_CATEGORY_COUNT ? category_names[c] : "?";
}

bool exposure_category_parse(const char *s, size_t len,
			     enum exposure_category *out)
{
	for (size_t c = 0; c < EXPOSURE_CATEGORY_COUNT; c++) {
		if (strlen(category_names[c]) == len &&
		    memcmp(category_names[c], s, len) == 0) {
			*out = (enum exposure_category)c;
			return true;
		}
	}
	return false;
}

enum exposure_category exposure_risk_category(enum exposure_risk r)
{
	return (unsigned)r < EXPOSURE_RISK_COUNT ? risks[r].category
						 : EXPOSURE_OTHER;
}

const char *exposure_severity(enum exposure_risk r)
{
	return (unsigned)r < EXPOSURE_RISK_COUNT ? risks[r].severity : "5.0";
}

const char *exposure_level(enum exposure_risk r)
{
	return (unsigned)r < EXPOSURE_RISK_COUNT ? risks[r].level : "warning";
}
