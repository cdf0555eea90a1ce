package org.stunneljava.tls;

import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.tls.ProtocolVersion;
import org.stunneljava.config.TlsVersion;

/** Turns {@code sslVersionMin}/{@code sslVersionMax} into the version list Bouncy Castle offers (newest first). */
public final class ProtocolRange {
    private ProtocolRange() {
    }

    public static ProtocolVersion[] of(TlsVersion min, TlsVersion max) {
        List<ProtocolVersion> versions = new ArrayList<>();
        for (int i = max.ordinal(); i >= min.ordinal(); i--) {
            ProtocolVersion v = toBc(TlsVersion.values()[i]);
            if (v != null) {
                versions.add(v);
            }
        }
        return versions.toArray(ProtocolVersion[]::new);
    }

    /** SSLv3 is not offered by Bouncy Castle (nor by OpenSSL 3 at security level 2). */
    static ProtocolVersion toBc(TlsVersion v) {
        return switch (v) {
            case SSLv3 -> null;
            case TLSv1 -> ProtocolVersion.TLSv10;
            case TLSv1_1 -> ProtocolVersion.TLSv11;
            case TLSv1_2 -> ProtocolVersion.TLSv12;
            case TLSv1_3 -> ProtocolVersion.TLSv13;
        };
    }

    /** The name stunnel logs for a negotiated version, e.g. {@code TLSv1.3}. */
    public static String name(ProtocolVersion v) {
        if (ProtocolVersion.TLSv13.equals(v)) return "TLSv1.3";
        if (ProtocolVersion.TLSv12.equals(v)) return "TLSv1.2";
        if (ProtocolVersion.TLSv11.equals(v)) return "TLSv1.1";
        if (ProtocolVersion.TLSv10.equals(v)) return "TLSv1";
        return String.valueOf(v);
    }
}
