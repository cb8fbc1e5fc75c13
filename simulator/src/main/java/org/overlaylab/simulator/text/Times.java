/* Timestamps in the formats the tutorial's tools log and print, from virtual nanoseconds. */
package org.overlaylab.simulator.text;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

public final class Times {
    private Times() {}

    private static final DateTimeFormatter ETCD = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter GLOG = DateTimeFormatter.ofPattern("MMdd HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter CALICO = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    public static Instant instant(long nanos) {
        return Instant.ofEpochSecond(nanos / 1_000_000_000L, nanos % 1_000_000_000L);
    }

    /** etcd's log prefix: 2017-10-24 08:53:40.123456 */
    public static String etcd(long nanos) {
        return ETCD.format(instant(nanos));
    }

    /** glog's prefix as flannel prints it: I1024 08:53:40.123456 */
    public static String glog(long nanos) {
        return GLOG.format(instant(nanos));
    }

    /** HH:mm:ss, as BIRD's "since" column. */
    public static String clock(long nanos) {
        return CLOCK.format(instant(nanos));
    }

    /** Docker's Created field: 2017-10-24T08:55:01.123456789Z */
    public static String rfc3339(long nanos) {
        return RFC3339.format(instant(nanos));
    }

    public static String calico(long nanos) {
        return CALICO.format(instant(nanos));
    }

    /** Docker's "x seconds ago" style durations. */
    public static String humanDuration(long nanos) {
        long s = nanos / 1_000_000_000L;
        if (s < 1) {
            return "Less than a second";
        }
        if (s < 60) {
            return s + " seconds";
        }
        long m = s / 60;
        if (m == 1) {
            return "About a minute";
        }
        if (m < 60) {
            return m + " minutes";
        }
        long h = m / 60;
        return h == 1 ? "About an hour" : h + " hours";
    }
}
