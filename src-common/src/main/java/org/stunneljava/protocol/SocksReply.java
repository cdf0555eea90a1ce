package org.stunneljava.protocol;

/**
 * What a SOCKS request comes to: either an answer that ends the connection ({@link #connect} false), or a CONNECT
 * to the destinations the server checked, with the reply to send once it is connected and the one to send if it
 * cannot be.
 *
 * @param reply     the bytes to send now (ending) or after the connect (success)
 * @param onFailure the bytes to send when the connect fails; null when {@link #connect} is false
 * @param connect   whether the server connects the checked destinations
 */
record SocksReply(byte[] reply, byte[] onFailure, boolean connect) {
    static SocksReply ending(byte[] reply) {
        return new SocksReply(reply, null, false);
    }

    static SocksReply connecting(byte[] success, byte[] failure) {
        return new SocksReply(success, failure, true);
    }
}
