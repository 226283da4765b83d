# Build: ./mvnw -DskipTests package && docker build -t hisaab .
# The image runs the extracted jar with an AOT cache made at build time by one training run
# (scripts/aot-cache.sh), with the JVM options the project ships (jvm.options). Not tested here: this
# machine has no Docker engine.
FROM eclipse-temurin:25-jre
RUN useradd --system --home /opt/hisaab hisaab && mkdir -p /opt/hisaab/target && chown -R hisaab /opt/hisaab
WORKDIR /opt/hisaab
COPY --chown=hisaab jvm.options ./
COPY --chown=hisaab scripts/aot-cache.sh scripts/
COPY --chown=hisaab target/hisaab-*.jar target/hisaab.jar
# PostgreSQL refuses to run as root, and the training run starts the embedded one.
USER hisaab
RUN scripts/aot-cache.sh target/hisaab.jar /opt/hisaab/app && rm target/hisaab.jar
ENV PORT=8080 DATA_DIR=/opt/hisaab/data
EXPOSE 8080
ENTRYPOINT ["java", "@/opt/hisaab/jvm.options", "-XX:AOTCache=/opt/hisaab/app/hisaab.aot", "-jar", "/opt/hisaab/app/hisaab.jar"]
