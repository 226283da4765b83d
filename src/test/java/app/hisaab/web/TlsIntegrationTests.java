package app.hisaab.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.hisaab.Application;
import app.hisaab.support.Api;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.TBSCertificate;
import org.bouncycastle.asn1.x509.Time;
import org.bouncycastle.asn1.x509.V3TBSCertificateGenerator;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * A server of its own with {@code TLS_CERT} and {@code TLS_KEY} (a self-signed certificate made here) and
 * {@code API_DOCS=false}: HTTPS and WSS on PORT for a client that trusts the certificate, refused by one
 * that does not; the OpenAPI document switched off.
 */
class TlsIntegrationTests {

    @TempDir
    Path dir;

    @Test
    void tlsCertAndKeyServeHttpsAndWssOnPortAndApiDocsCanBeSwitchedOff() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair keys = generator.generateKeyPair();
        X509Certificate certificate = selfSigned(keys);
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        Files.writeString(cert, pem("CERTIFICATE", certificate.getEncoded()));
        Files.writeString(key, pem("PRIVATE KEY", keys.getPrivate().getEncoded()));

        try (ConfigurableApplicationContext server = new SpringApplicationBuilder(Application.class)
                .web(WebApplicationType.SERVLET)
                .run(
                        "--server.port=0",
                        "--management.server.port=0",
                        "--hisaab.db.url=",
                        "--hisaab.auth.jwt-secret=",
                        "--hisaab.db.data-dir=" + dir.resolve("data"),
                        "--hisaab.db.embedded-fsync=false",
                        "--logging.level.root=WARN",
                        "--TLS_CERT=" + cert,
                        "--TLS_KEY=" + key,
                        "--API_DOCS=false")) {
            int port = ((WebServerApplicationContext) server).getWebServer().getPort();
            HttpClient trusting = HttpClient.newBuilder()
                    .sslContext(trusting(certificate))
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();
            String base = "https://127.0.0.1:" + port;

            HttpResponse<String> health = trusting.send(
                    HttpRequest.newBuilder(URI.create(base + "/actuator/health"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.sslSession()).isPresent();
            assertThat(health.sslSession().get().getPeerCertificates()[0]).isEqualTo(certificate);

            String email = "tls-" + System.nanoTime() + "@example.com";
            HttpResponse<String> registered = trusting.send(
                    HttpRequest.newBuilder(URI.create(base + "/api/auth/register"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(Api.JSON.writeValueAsString(
                                    Map.of("name", "Tls", "email", email, "password", "pass-0123456789"))))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(registered.statusCode()).isEqualTo(201);
            String token = Api.JSON.readTree(registered.body()).get("token").asString();

            // WSS on the same port: the handshake authenticates and the server says so.
            CompletableFuture<String> first = new CompletableFuture<>();
            WebSocket socket = trusting.newWebSocketBuilder()
                    .buildAsync(
                            URI.create("wss://127.0.0.1:" + port + "/ws?access_token=" + token),
                            new WebSocket.Listener() {
                                @Override
                                public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                                    first.complete(data.toString());
                                    return null;
                                }
                            })
                    .get(10, TimeUnit.SECONDS);
            JsonNode hello = Api.JSON.readTree(first.get(10, TimeUnit.SECONDS));
            assertThat(hello.get("type").asString()).isEqualTo("auth_success");
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);

            // API_DOCS=false: no OpenAPI document and no browsable docs.
            for (String path : new String[] {"/v3/api-docs", "/docs", "/swagger-ui/index.html"}) {
                assertThat(trusting.send(
                                        HttpRequest.newBuilder(URI.create(base + path))
                                                .build(),
                                        HttpResponse.BodyHandlers.ofString())
                                .statusCode())
                        .as(path)
                        .isEqualTo(404);
            }

            // A client that does not trust the certificate gets no answer at all.
            HttpClient sceptical = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();
            assertThatThrownBy(() -> sceptical.send(
                            HttpRequest.newBuilder(URI.create(base + "/actuator/health"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString()))
                    .isInstanceOf(javax.net.ssl.SSLHandshakeException.class);
        }
    }

    @Test
    void aCertificateWithoutItsKeyStopsTheStart() {
        assertThatThrownBy(() -> new TlsSettings()
                        .postProcessEnvironment(
                                new org.springframework.mock.env.MockEnvironment().withProperty("TLS_CERT", "/x.pem"),
                                null))
                .hasMessageContaining("TLS_CERT and TLS_KEY go together");
    }

    /** A certificate for 127.0.0.1 and localhost, valid for a day, signed by its own key. */
    private static X509Certificate selfSigned(KeyPair keys) throws Exception {
        long now = System.currentTimeMillis();
        X500Name name = new X500Name("CN=localhost");
        AlgorithmIdentifier algorithm = new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA256);
        V3TBSCertificateGenerator tbs = new V3TBSCertificateGenerator();
        tbs.setSerialNumber(new ASN1Integer(BigInteger.valueOf(now)));
        tbs.setIssuer(name);
        tbs.setSubject(name);
        tbs.setStartDate(new Time(new Date(now - 60_000)));
        tbs.setEndDate(new Time(new Date(now + 86_400_000)));
        tbs.setSubjectPublicKeyInfo(
                SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded()));
        tbs.setSignature(algorithm);
        ExtensionsGenerator extensions = new ExtensionsGenerator();
        extensions.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
            new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.dNSName, "localhost")
        }));
        tbs.setExtensions(extensions.generate());
        TBSCertificate certificate = tbs.generateTBSCertificate();
        Signature signature = Signature.getInstance("SHA256withECDSA");
        signature.initSign(keys.getPrivate());
        signature.update(certificate.getEncoded(ASN1Encoding.DER));
        ASN1EncodableVector signed = new ASN1EncodableVector();
        signed.add(certificate);
        signed.add(algorithm);
        signed.add(new DERBitString(signature.sign()));
        byte[] der = new DERSequence(signed).getEncoded(ASN1Encoding.DER);
        return (X509Certificate)
                CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
    }

    private static SSLContext trusting(X509Certificate certificate) throws Exception {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        store.setCertificateEntry("server", certificate);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
