# syntax=docker/dockerfile:1
# The platform as a container image: built from this source tree, run from Spring Boot's
# layered jar (dependencies change rarely, so rebuilding after a code change only replaces the
# small application layer), as an unprivileged user, with a health check on readiness.
#
#   docker build -t im-platform .
#   docker compose up            # the whole cluster, see docker-compose.yml

FROM eclipse-temurin:25-jdk AS build
WORKDIR /src
COPY . .
# the Maven repository is a build cache: a rebuild after a code change downloads nothing
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -ntp -q -pl im-api -am package -DskipTests \
 && java -Djarmode=tools -jar im-api/target/im-api-*.jar extract --layers --launcher --destination /layers

FROM eclipse-temurin:25-jre
RUN groupadd --system im \
 && useradd --system --gid im --home-dir /var/lib/im --shell /usr/sbin/nologin im \
 && mkdir -p /var/lib/im/media \
 && chown -R im:im /var/lib/im
WORKDIR /app
COPY --from=build /layers/dependencies/ ./
COPY --from=build /layers/spring-boot-loader/ ./
COPY --from=build /layers/snapshot-dependencies/ ./
COPY --from=build /layers/application/ ./
USER im
ENV IM_PORT=8080 \
    IM_DATA_DIR=/var/lib/im \
    IM_MEDIA_DIR=/var/lib/im/media \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
VOLUME /var/lib/im
EXPOSE 8080
# ready = the instance answers and its database (and in cluster mode Redis) too; bash's
# /dev/tcp needs no extra package in the image
HEALTHCHECK --interval=10s --timeout=5s --start-period=90s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${IM_PORT} && printf 'GET /readyz HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && read -r status <&3 && [[ $status == *' 200 '* ]]"]
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
