/*
 * HPACK's header tables (RFC 7541): the 61-entry static table and a dynamic table of the size the
 * peer allows (4096 octets by default), newest entry first, entries evicted oldest first. Lookups
 * follow Go's x/net/http2/hpack: a name alone matches the entry added last under that name.
 */
package org.overlaylab.packets.http2;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;

public final class HpackTable {
    public record Field(String name, String value) {
        /** RFC 7541 4.1: name and value octets plus 32. */
        int size() {
            return name.length() + value.length() + 32;
        }
    }

    static final Field[] STATIC = {
        null,
        new Field(":authority", ""), new Field(":method", "GET"), new Field(":method", "POST"),
        new Field(":path", "/"), new Field(":path", "/index.html"), new Field(":scheme", "http"),
        new Field(":scheme", "https"), new Field(":status", "200"), new Field(":status", "204"),
        new Field(":status", "206"), new Field(":status", "304"), new Field(":status", "400"),
        new Field(":status", "404"), new Field(":status", "500"), new Field("accept-charset", ""),
        new Field("accept-encoding", "gzip, deflate"), new Field("accept-language", ""), new Field("accept-ranges", ""),
        new Field("accept", ""), new Field("access-control-allow-origin", ""), new Field("age", ""),
        new Field("allow", ""), new Field("authorization", ""), new Field("cache-control", ""),
        new Field("content-disposition", ""), new Field("content-encoding", ""), new Field("content-language", ""),
        new Field("content-length", ""), new Field("content-location", ""), new Field("content-range", ""),
        new Field("content-type", ""), new Field("cookie", ""), new Field("date", ""), new Field("etag", ""),
        new Field("expect", ""), new Field("expires", ""), new Field("from", ""), new Field("host", ""),
        new Field("if-match", ""), new Field("if-modified-since", ""), new Field("if-none-match", ""),
        new Field("if-range", ""), new Field("if-unmodified-since", ""), new Field("last-modified", ""),
        new Field("link", ""), new Field("location", ""), new Field("max-forwards", ""),
        new Field("proxy-authenticate", ""), new Field("proxy-authorization", ""), new Field("range", ""),
        new Field("referer", ""), new Field("refresh", ""), new Field("retry-after", ""), new Field("server", ""),
        new Field("set-cookie", ""), new Field("strict-transport-security", ""), new Field("transfer-encoding", ""),
        new Field("user-agent", ""), new Field("vary", ""), new Field("via", ""), new Field("www-authenticate", ""),
    };

    private final Deque<Field> dynamic = new ArrayDeque<>();
    private int size;
    private int maxSize = 4096;

    /** The entry at an HPACK index (1-61 static, then dynamic newest first), or null. */
    public Field at(int index) {
        if (index >= 1 && index < STATIC.length) {
            return STATIC[index];
        }
        int i = index - STATIC.length;
        if (i < 0 || i >= dynamic.size()) {
            return null;
        }
        Iterator<Field> it = dynamic.iterator();
        for (int k = 0; k < i; k++) {
            it.next();
        }
        return it.next();
    }

    public void add(Field f) {
        dynamic.addFirst(f);
        size += f.size();
        evict();
    }

    public void setMaxSize(int max) {
        maxSize = max;
        evict();
    }

    public int maxSize() {
        return maxSize;
    }

    private void evict() {
        while (size > maxSize && !dynamic.isEmpty()) {
            size -= dynamic.removeLast().size();
        }
    }

    /**
     * Go's search: a full match in the static table, else a full match in the dynamic table, else
     * a name match (static preferred). Returns {index, 1 if name and value matched else 0}; index 0
     * when nothing matched.
     */
    int[] search(Field f) {
        int staticName = 0;
        for (int i = 1; i < STATIC.length; i++) {
            if (STATIC[i].name().equals(f.name())) {
                if (STATIC[i].value().equals(f.value())) {
                    return new int[] {i, 1};
                }
                staticName = i; // the last one under the name, as Go's byName map keeps it
            }
        }
        int dynamicName = 0;
        int i = STATIC.length;
        for (Field d : dynamic) {
            if (d.name().equals(f.name())) {
                if (d.value().equals(f.value())) {
                    return new int[] {i, 1};
                }
                if (dynamicName == 0) {
                    dynamicName = i;
                }
            }
            i++;
        }
        return new int[] {staticName != 0 ? staticName : dynamicName, 0};
    }
}
