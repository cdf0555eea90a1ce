package org.stunneljava.protocol;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.tls.Certificate;
import org.stunneljava.log.Severity;
import org.stunneljava.net.ClientAddresses;
import org.stunneljava.relay.Connection;
import org.stunneljava.tls.HandshakeRecord;

/**
 * {@code protocol = proxy} with {@code proxyVersion = 2}: HAProxy's binary PROXY header (version 2, command PROXY,
 * TCP over IPv4 or IPv6) with the TLS details as TLVs: ALPN and AUTHORITY (the SNI name) when the client sent them,
 * and the SSL TLV with the version, the cipher and, when the client's certificate was verified, its subject CN. A
 * unix-socket accept has no address to send and is reset, as in v1.
 */
final class ProxyHeaderV2 implements ServerNegotiator {
    static final byte[] SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};
    static final int VERSION_PROXY = 0x21;
    static final int TCP_OVER_IPV4 = 0x11;
    static final int TCP_OVER_IPV6 = 0x21;
    static final int TLV_ALPN = 0x01;
    static final int TLV_AUTHORITY = 0x02;
    static final int TLV_SSL = 0x20;
    static final int SUBTLV_VERSION = 0x21;
    static final int SUBTLV_CN = 0x22;
    static final int SUBTLV_CIPHER = 0x23;
    static final int CLIENT_SSL = 0x01;
    static final int CLIENT_CERT_CONN = 0x02;
    static final int CLIENT_CERT_SESS = 0x04;

    /** Whether the service verifies client certificates, so a presented one counts as verified. */
    private final boolean verifies;

    ProxyHeaderV2(boolean verifies) {
        this.verifies = verifies;
    }

    @Override
    public void beforeRelay(Connection connection, SocketChannel accepted, HandshakeRecord handshake,
                            LineChannel tls, LineChannel backend) throws IOException {
        ClientAddresses addresses = connection.clientAddresses(accepted)
                .orElseThrow(() -> NegotiationFailure.reset("getnameinfo: Unknown error"));
        byte[] header = header(addresses, handshake, verifies);
        connection.log().log(Severity.DEBUG, " -> PROXY v2 header (" + header.length + " bytes)");
        backend.write(header);
    }

    static byte[] header(ClientAddresses a, HandshakeRecord handshake, boolean verifies) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        boolean ipv6 = a.ipv6() || !(a.source().getAddress() instanceof Inet4Address)
                || !(a.destination().getAddress() instanceof Inet4Address);
        body.writeBytes(address(a.source().getAddress(), ipv6));
        body.writeBytes(address(a.destination().getAddress(), ipv6));
        u16(body, a.source().getPort());
        u16(body, a.destination().getPort());
        handshake.applicationProtocol().ifPresent(p -> tlv(body, TLV_ALPN, p));
        handshake.serverName().ifPresent(n -> tlv(body, TLV_AUTHORITY, n.getBytes(StandardCharsets.US_ASCII)));
        tlv(body, TLV_SSL, ssl(handshake, verifies));
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        header.writeBytes(SIGNATURE);
        header.write(VERSION_PROXY);
        header.write(ipv6 ? TCP_OVER_IPV6 : TCP_OVER_IPV4);
        u16(header, body.size());
        header.writeBytes(body.toByteArray());
        return header.toByteArray();
    }

    private static byte[] ssl(HandshakeRecord handshake, boolean verifies) {
        Certificate chain = handshake.peerCertificate();
        boolean presented = chain != null && !chain.isEmpty();
        boolean verified = presented && verifies;
        ByteArrayOutputStream ssl = new ByteArrayOutputStream();
        ssl.write(CLIENT_SSL | (presented ? (handshake.resumed() ? CLIENT_CERT_SESS : CLIENT_CERT_CONN) : 0));
        // verify: 0 only for a certificate that was presented and verified (the spec's meaning)
        ssl.writeBytes(new byte[] {0, 0, 0, (byte) (verified ? 0 : 1)});
        tlv(ssl, SUBTLV_VERSION, handshake.version().getBytes(StandardCharsets.US_ASCII));
        if (verified) {
            commonName(chain).ifPresent(cn -> tlv(ssl, SUBTLV_CN, cn.getBytes(StandardCharsets.UTF_8)));
        }
        tlv(ssl, SUBTLV_CIPHER, handshake.cipherName().getBytes(StandardCharsets.US_ASCII));
        return ssl.toByteArray();
    }

    private static Optional<String> commonName(Certificate chain) {
        try {
            X500Name subject = org.bouncycastle.asn1.x509.Certificate
                    .getInstance(chain.getCertificateAt(0).getEncoded()).getSubject();
            RDN[] cns = subject.getRDNs(BCStyle.CN);
            return cns.length == 0 ? Optional.empty()
                    : cns[0].getFirst().getValue() instanceof ASN1String text ? Optional.of(text.getString())
                    : Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty(); // it verified, so it parses
        }
    }

    private static byte[] address(InetAddress address, boolean ipv6) {
        byte[] raw = address.getAddress();
        if (!ipv6 || raw.length == 16) {
            return raw;
        }
        byte[] mapped = new byte[16]; // ::ffff:a.b.c.d
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        System.arraycopy(raw, 0, mapped, 12, 4);
        return mapped;
    }

    private static void tlv(ByteArrayOutputStream out, int type, byte[] value) {
        out.write(type);
        u16(out, value.length);
        out.writeBytes(value);
    }

    private static void u16(ByteArrayOutputStream out, int value) {
        out.write(value >>> 8);
        out.write(value & 0xff);
    }
}
