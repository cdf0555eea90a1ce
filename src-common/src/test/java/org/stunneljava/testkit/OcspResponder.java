package org.stunneljava.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.BasicOCSPRespBuilder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.bouncycastle.cert.ocsp.Req;
import org.bouncycastle.cert.ocsp.RespID;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.operator.bc.BcDigestCalculatorProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * An OCSP responder in the test's JVM, built with Bouncy Castle, on an ephemeral loopback port: it answers HTTP
 * POSTs of DER requests with signed responses, by default signed by whichever of its CAs issued the certificate
 * asked about, and records every request it received. A certificate it was not told about is {@code unknown}.
 * {@link Misbehaviour} makes it answer badly. Serves each connection on its own virtual thread until closed.
 */
public final class OcspResponder implements AutoCloseable {
    /** The ways it can answer badly, for the failure paths of a checker. */
    public enum Misbehaviour {
        /** Well-formed answers. */
        NONE,
        /** Signed with a key that does not match the signer certificate. */
        BAD_SIGNATURE,
        /** OCSPResponseStatus tryLater, no body. */
        TRY_LATER,
        /** Accepts the connection, reads the request, and never answers. */
        SILENT,
        /** Answers with endless header lines, one byte every 100 ms: each wait is short, the answer never ends. */
        TRICKLE,
        /** Answers with a nextUpdate that already passed (10 minutes ago). */
        EXPIRED,
        /** Answers without nextUpdate. */
        NO_NEXT_UPDATE,
        /** Does not echo a request nonce. */
        NO_NONCE
    }

    /** One HTTP request as received: the request line and the header lines. */
    public record HttpRequest(String requestLine, List<String> headers, byte[] body) {
        public String header(String name) {
            String prefix = name.toLowerCase(Locale.ROOT) + ":";
            return headers.stream().filter(h -> h.toLowerCase(Locale.ROOT).startsWith(prefix))
                    .map(h -> h.substring(h.indexOf(':') + 1).trim()).findFirst().orElse(null);
        }
    }

    private final ServerSocket server;
    private final List<TestCertBuilder.Issued> cas = new CopyOnWriteArrayList<>();
    /** Status per serial number; Bouncy Castle's GOOD is null, hence the Optional. */
    private final Map<BigInteger, java.util.Optional<CertificateStatus>> statuses = new ConcurrentHashMap<>();
    private final List<HttpRequest> requests = new CopyOnWriteArrayList<>();
    private final List<Socket> held = new CopyOnWriteArrayList<>();
    private volatile TestCertBuilder.Issued delegate;
    private volatile Misbehaviour misbehaviour = Misbehaviour.NONE;
    private volatile Duration validity = Duration.ofMinutes(10);

    private OcspResponder() throws IOException {
        server = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("ocsp-responder").start(this::acceptLoop);
    }

    public static OcspResponder start() throws IOException {
        return new OcspResponder();
    }

    /** The URL to put in certificates' AIA or in {@code OCSP =}. */
    public String url() {
        return "http://127.0.0.1:" + server.getLocalPort() + "/ocsp";
    }

    /** A CA whose certificates this responder answers for, signing those answers itself. */
    public OcspResponder authority(TestCertBuilder.Issued ca) {
        cas.add(ca);
        return this;
    }

    /** Signs every answer with this delegated responder (EKU OCSPSigning) instead of the issuing CA. */
    public OcspResponder delegate(TestCertBuilder.Issued signer) {
        this.delegate = signer;
        return this;
    }

    public OcspResponder misbehave(Misbehaviour how) {
        this.misbehaviour = how;
        return this;
    }

    /** The time between thisUpdate and nextUpdate of each answer (10 minutes unless set). */
    public OcspResponder validity(Duration d) {
        this.validity = d;
        return this;
    }

    public OcspResponder good(X509Certificate cert) {
        statuses.put(cert.getSerialNumber(), java.util.Optional.empty());
        return this;
    }

    /** Revoked an hour ago for keyCompromise. */
    public OcspResponder revoked(X509Certificate cert) {
        statuses.put(cert.getSerialNumber(), java.util.Optional.of(new RevokedStatus(
                Date.from(Instant.now().minus(Duration.ofHours(1))), CRLReason.keyCompromise)));
        return this;
    }

    public List<HttpRequest> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing
        }
        for (Socket s : held) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                Thread.ofVirtual().name("ocsp-responder-conn").start(() -> serve(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try {
            HttpRequest request = read(s.getInputStream());
            requests.add(request);
            if (misbehaviour == Misbehaviour.SILENT) {
                held.add(s);
                s.getInputStream().read(); // until the client gives up or the responder closes
                return;
            }
            if (misbehaviour == Misbehaviour.TRICKLE) {
                trickle(s.getOutputStream());
                return;
            }
            byte[] body = answer(request.body());
            OutputStream out = s.getOutputStream();
            out.write(("HTTP/1.0 200 OK\r\nContent-Type: application/ocsp-response\r\nContent-Length: " + body.length
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
        } catch (Exception e) {
            // a client that went away, or a request we cannot parse: the test asserts on what the client logged
        } finally {
            if (!held.contains(s)) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // done
                }
            }
        }
    }

    /** Until the client hangs up (a write then fails) or the responder closes. */
    private static void trickle(OutputStream out) throws IOException, InterruptedException {
        byte[] status = "HTTP/1.0 200 OK\r\n".getBytes(StandardCharsets.US_ASCII);
        out.write(status);
        out.flush();
        for (int i = 0; ; i++) {
            out.write(i % 20 == 19 ? '\n' : 'x');
            out.flush();
            Thread.sleep(100);
        }
    }

    private static HttpRequest read(InputStream in) throws IOException {
        String requestLine = line(in);
        List<String> headers = new ArrayList<>();
        int length = 0;
        for (String h = line(in); !h.isEmpty(); h = line(in)) {
            headers.add(h);
            if (h.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(h.substring(h.indexOf(':') + 1).trim());
            }
        }
        return new HttpRequest(requestLine, List.copyOf(headers), in.readNBytes(length));
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("eof in the request head");
            }
            b.write(c);
        }
        String s = b.toString(StandardCharsets.US_ASCII);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    /**
     * The DER OCSPResponse this responder would give now about {@code cert} (for a stapling file, e.g.
     * {@code openssl s_server -status_file}).
     */
    public byte[] responseFor(X509Certificate cert, X509Certificate issuer) throws Exception {
        CertificateID id = new CertificateID(new BcDigestCalculatorProvider().get(CertificateID.HASH_SHA1),
                new X509CertificateHolder(issuer.getEncoded()), cert.getSerialNumber());
        return answer(new OCSPReqBuilder().addRequest(id).build().getEncoded());
    }

    /** The DER OCSPResponse for a DER request. */
    byte[] answer(byte[] der) throws Exception {
        if (misbehaviour == Misbehaviour.TRY_LATER) {
            return new OCSPRespBuilder().build(OCSPRespBuilder.TRY_LATER, null).getEncoded();
        }
        OCSPReq req = new OCSPReq(der);
        Req[] list = req.getRequestList();
        CertificateID first = list[0].getCertID();
        TestCertBuilder.Issued signer = delegate != null ? delegate : issuerOf(first);
        BasicOCSPRespBuilder builder = new BasicOCSPRespBuilder(new RespID(
                X500Name.getInstance(signer.cert().getSubjectX500Principal().getEncoded())));
        Instant now = Instant.now();
        Date thisUpdate = Date.from(now.minus(Duration.ofMinutes(1)));
        Date nextUpdate = switch (misbehaviour) {
            case NO_NEXT_UPDATE -> null;
            case EXPIRED -> Date.from(now.minus(Duration.ofMinutes(10)));
            default -> Date.from(now.plus(validity));
        };
        if (misbehaviour == Misbehaviour.EXPIRED) {
            thisUpdate = Date.from(now.minus(Duration.ofMinutes(20)));
        }
        for (Req r : list) {
            CertificateStatus status = statuses.getOrDefault(r.getCertID().getSerialNumber(),
                    java.util.Optional.of(new UnknownStatus())).orElse(CertificateStatus.GOOD);
            builder.addResponse(r.getCertID(), status, thisUpdate, nextUpdate, (Extensions) null);
        }
        Extension nonce = req.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce);
        if (nonce != null && misbehaviour != Misbehaviour.NO_NONCE) {
            builder.setResponseExtensions(new Extensions(nonce));
        }
        KeyPair keys = misbehaviour == Misbehaviour.BAD_SIGNATURE
                ? TestKeys.fresh(signer.algorithm()) : signer.keys();
        BasicOCSPResp basic = builder.build(
                new JcaContentSignerBuilder(signer.algorithm().signatureAlgorithm()).build(keys.getPrivate()),
                new X509CertificateHolder[] {new X509CertificateHolder(signer.cert().getEncoded())},
                Date.from(now));
        return new OCSPRespBuilder().build(OCSPRespBuilder.SUCCESSFUL, basic).getEncoded();
    }

    /** The CA whose key the CertID names (SHA-1 key hash), or the first one. */
    private TestCertBuilder.Issued issuerOf(CertificateID id) throws Exception {
        for (TestCertBuilder.Issued ca : cas) {
            byte[] bits = SubjectPublicKeyInfo.getInstance(ca.cert().getPublicKey().getEncoded())
                    .getPublicKeyData().getBytes();
            if (Arrays.equals(MessageDigest.getInstance("SHA-1").digest(bits), id.getIssuerKeyHash())) {
                return ca;
            }
        }
        if (cas.isEmpty()) {
            throw new IllegalStateException("no CA configured");
        }
        return cas.getFirst();
    }

}
