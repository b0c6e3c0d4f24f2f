# One image per jobqueue process: docker build --build-arg MODULE=worker-email -t jobqueue/worker-email .
# Base images are pinned to a release; bump them deliberately (and pin digests where the registry
# policy demands it).
FROM maven:3.9.11-eclipse-temurin-21 AS build
WORKDIR /src
COPY . .
RUN mvn -B -q -DskipTests package

FROM eclipse-temurin:21.0.8_9-jre-noble
ARG MODULE
ENV MODULE=${MODULE}
# an unprivileged user owns nothing but the data directories (the named volumes take their owner
# from these directories when first mounted)
RUN groupadd --system --gid 10001 jobqueue \
    && useradd --system --uid 10001 --gid jobqueue --home-dir /app --shell /usr/sbin/nologin jobqueue \
    && mkdir -p /data/reports /data/batches /var/mail \
    && chown jobqueue:jobqueue /data/reports /data/batches /var/mail
WORKDIR /app
COPY --from=build /src/${MODULE}/target/${MODULE}.jar /app/app.jar
COPY --from=build /src/${MODULE}/config.yml /app/config.yml
COPY deploy/docker/healthcheck /usr/local/bin/healthcheck
USER 10001:10001
# every image is a Dropwizard process: "server config.yml"
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/app.jar"]
CMD ["server", "/app/config.yml"]
