# Build: ./mvnw -DskipTests package && docker build -t hisaab .
FROM eclipse-temurin:21-jre
RUN useradd --system --home /app hisaab
WORKDIR /app
COPY target/hisaab-*.jar /app/hisaab.jar
COPY jvm.options /app/jvm.options
USER hisaab
ENV PORT=8080 DATA_DIR=/app/data
EXPOSE 8080
ENTRYPOINT ["java", "@/app/jvm.options", "-jar", "/app/hisaab.jar"]
