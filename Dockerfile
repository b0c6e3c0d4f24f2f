# One image per jobqueue process: docker build --build-arg MODULE=worker-email -t jobqueue/worker-email .
FROM maven:3.9-eclipse-temurin-21 AS build
WORKDIR /src
COPY . .
RUN mvn -B -q -DskipTests package

FROM eclipse-temurin:21-jre
ARG MODULE
ENV MODULE=${MODULE}
WORKDIR /app
COPY --from=build /src/${MODULE}/target/${MODULE}.jar /app/app.jar
COPY --from=build /src/${MODULE}/config.yml /app/config.yml
# Dropwizard processes take "server config.yml"; dev-smtp takes "<port> <mail dir>"
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/app.jar"]
CMD ["server", "/app/config.yml"]
