/*
 * Just enough JSON reading for comparing etcd values without a JSON library (the model has none):
 * flat and nested objects of strings, numbers, booleans, null and arrays, read into maps and lists.
 * Anything that is not valid JSON is simply not an object, and compares as text.
 */
package org.overlaylab.model.diff;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

final class JsonFields {
    private JsonFields() {}

    /** Whether two JSON objects agree on every field they both have (recursively); false if either is not one. */
    static boolean agreeOnSharedFields(String a, String b) {
        Object x = parse(a);
        Object y = parse(b);
        if (!(x instanceof Map<?, ?> mx) || !(y instanceof Map<?, ?> my)) {
            return false;
        }
        boolean shared = mx.keySet().stream().anyMatch(my::containsKey);
        return shared && agree(x, y);
    }

    private static boolean agree(Object x, Object y) {
        if (x instanceof Map<?, ?> mx && y instanceof Map<?, ?> my) {
            for (Object k : mx.keySet()) {
                if (my.containsKey(k) && !agree(mx.get(k), my.get(k))) {
                    return false;
                }
            }
            return true;
        }
        if (x instanceof List<?> lx && y instanceof List<?> ly) {
            if (lx.size() != ly.size()) {
                return false;
            }
            for (int i = 0; i < lx.size(); i++) {
                if (!agree(lx.get(i), ly.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return String.valueOf(x).equals(String.valueOf(y));
    }

    static Object parse(String json) {
        if (json == null) {
            return null;
        }
        try {
            int[] pos = {0};
            Object v = value(json, pos);
            skip(json, pos);
            return pos[0] == json.length() ? v : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static void skip(String s, int[] p) {
        while (p[0] < s.length() && Character.isWhitespace(s.charAt(p[0]))) {
            p[0]++;
        }
    }

    private static Object value(String s, int[] p) {
        skip(s, p);
        char c = s.charAt(p[0]);
        if (c == '{') {
            Map<String, Object> m = new LinkedHashMap<>();
            p[0]++;
            skip(s, p);
            if (s.charAt(p[0]) == '}') {
                p[0]++;
                return m;
            }
            while (true) {
                skip(s, p);
                String k = string(s, p);
                skip(s, p);
                expect(s, p, ':');
                m.put(k, value(s, p));
                skip(s, p);
                if (s.charAt(p[0]) == ',') {
                    p[0]++;
                    continue;
                }
                expect(s, p, '}');
                return m;
            }
        }
        if (c == '[') {
            List<Object> l = new ArrayList<>();
            p[0]++;
            skip(s, p);
            if (s.charAt(p[0]) == ']') {
                p[0]++;
                return l;
            }
            while (true) {
                l.add(value(s, p));
                skip(s, p);
                if (s.charAt(p[0]) == ',') {
                    p[0]++;
                    continue;
                }
                expect(s, p, ']');
                return l;
            }
        }
        if (c == '"') {
            return string(s, p);
        }
        int start = p[0];
        while (p[0] < s.length() && "{}[],: \t\r\n".indexOf(s.charAt(p[0])) < 0) {
            p[0]++;
        }
        return s.substring(start, p[0]);
    }

    private static String string(String s, int[] p) {
        expect(s, p, '"');
        StringBuilder sb = new StringBuilder();
        while (s.charAt(p[0]) != '"') {
            char c = s.charAt(p[0]++);
            if (c == '\\') {
                char e = s.charAt(p[0]++);
                sb.append(e == 'u' ? (char) Integer.parseInt(s.substring(p[0], p[0] += 4), 16) : e);
            } else {
                sb.append(c);
            }
        }
        p[0]++;
        return sb.toString();
    }

    private static void expect(String s, int[] p, char c) {
        if (s.charAt(p[0]) != c) {
            throw new IllegalArgumentException("expected " + c);
        }
        p[0]++;
    }
}
