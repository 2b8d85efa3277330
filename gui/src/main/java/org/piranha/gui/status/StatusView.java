package org.piranha.gui.status;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The status plane's JSON document (schema 1) read leniently for the monitoring panel: unknown
 * fields are ignored, missing ones shown as "-".
 */
public record StatusView(boolean running, String error, Map<String, Object> root) {

    public static StatusView notRunning(String why) {
        return new StatusView(false, why, Map.of());
    }

    public static StatusView parse(String json) {
        try {
            Map<String, Object> map = JSON.std.mapFrom(json);
            return new StatusView(true, null, map);
        } catch (IOException | RuntimeException e) {
            return new StatusView(false, "pulse's status document could not be read: " + e.getMessage(), Map.of());
        }
    }

    public Map<String, Object> section(String name) {
        return map(root.get(name));
    }

    public static String text(Map<String, Object> map, String key) {
        Object value = map.get(key);
        if (value == null) {
            return "-";
        }
        if (value instanceof List<?> list) {
            List<String> parts = new ArrayList<>();
            list.forEach(v -> parts.add(String.valueOf(v)));
            return String.join(", ", parts);
        }
        return String.valueOf(value);
    }

    public String text(String section, String key) {
        return text(section(section), key);
    }

    public List<Map<String, Object>> list(String name) {
        return list(root.get(name));
    }

    public static List<Map<String, Object>> list(Map<String, Object> map, String key) {
        return list(map.get(key));
    }

    public List<String> problems() {
        List<String> result = new ArrayList<>();
        if (root.get("problems") instanceof List<?> items) {
            items.forEach(i -> result.add(String.valueOf(i)));
        }
        return result;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static List<Map<String, Object>> list(Object value) {
        List<Map<String, Object>> result = new ArrayList<>();
        if (value instanceof List<?> items) {
            items.forEach(i -> result.add(map(i)));
        }
        return result;
    }
}
