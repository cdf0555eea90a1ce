package org.stunneljava.protocol;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.stunneljava.log.Severity;
import org.stunneljava.relay.Connection;

/**
 * {@code protocol = ldap} in client mode (stunnel's ldap_client, RFC 4511 section 4.14): the StartTLS
 * ExtendedRequest as message 1, then the ExtendedResponse checked the way stunnel checks it: byte by byte, at fixed
 * places, with its messages. The response is read whole (at most 128 bytes, after a one-byte or WinLDAP's
 * {@code 84}+four-byte length) and nothing after it, so the server's first TLS record stays in the socket.
 */
final class LdapClient implements ClientNegotiator {
    private static final String START_TLS_OID = "1.3.6.1.4.1.1466.20037";
    /** SEQUENCE { messageID 1, [APPLICATION 23] { [0] OID } } with no requestValue (RFC 4511). */
    private static final byte[] REQUEST = request();
    private static final int SEQUENCE = 0x30;
    private static final int LONG_LENGTH = 0x84; // WinLDAP sends four length bytes
    private static final int MAX_RESPONSE = 128;

    private static byte[] request() {
        byte[] oid = START_TLS_OID.getBytes(StandardCharsets.US_ASCII);
        return ByteBuffer.allocate(9 + oid.length).put(new byte[]{
                0x30, 0x1d, 0x02, 0x01, 0x01, 0x77, 0x18, (byte) 0x80, 0x16}).put(oid).array();
    }

    @Override
    public void beforeTls(Connection connection, LineChannel remote, LineChannel local) throws IOException {
        debug(connection, "Sending LDAP Start TLS request");
        remote.write(REQUEST);
        debug(connection, "Receiving LDAP response tag");
        if (remote.readByte() != SEQUENCE) {
            throw NegotiationFailure.reset("LDAP response is not UNIVERSAL SEQUENCE");
        }
        debug(connection, "Receiving LDAP response length");
        int first = remote.readByte();
        long length = first == LONG_LENGTH
                ? Integer.toUnsignedLong(ByteBuffer.wrap(remote.readExactly(4)).getInt()) : first;
        if (length > MAX_RESPONSE) {
            throw NegotiationFailure.reset("LDAP response too long (" + length + " byte(s))");
        }
        debug(connection, "Receiving LDAP response value (" + length + " byte(s))");
        byte[] response = new byte[MAX_RESPONSE]; // zeros past the end, as stunnel's buffer
        System.arraycopy(remote.readExactly((int) length), 0, response, 0, (int) length);
        debug(connection, "Decoding LDAP response value");
        check(response);
        connection.log().log(Severity.INFO, "LDAP Start TLS successfully negotiated");
    }

    /** messageID INTEGER 1, [APPLICATION 24] ExtendedResponse, resultCode ENUMERATED success; the rest ignored. */
    private static void check(byte[] r) throws NegotiationFailure {
        expect(r[0], 0x02, "LDAP response has an incorrect message ID type");
        expect(r[1], 0x01, "LDAP response has an unexpected message ID length");
        expect(r[2], 0x01, "LDAP response has an unexpected message ID value");
        expect(r[3], 0x78, "LDAP response protocol op is not ExtendedResponse");
        int at = (r[4] & 0xff) == LONG_LENGTH ? 9 : 5; // the op's length is not checked
        expect(r[at], 0x0a, "LDAP response has an unexpected result code type");
        expect(r[at + 1], 0x01, "LDAP response has an unexpected result code length");
        if (r[at + 2] != 0) {
            throw NegotiationFailure.reset("LDAP response has indicated an error (" + (r[at + 2] & 0xff) + ")");
        }
    }

    private static void expect(byte actual, int expected, String failure) throws NegotiationFailure {
        if ((actual & 0xff) != expected) {
            throw NegotiationFailure.reset(failure);
        }
    }

    private static void debug(Connection connection, String text) {
        connection.log().log(Severity.DEBUG, text);
    }
}
