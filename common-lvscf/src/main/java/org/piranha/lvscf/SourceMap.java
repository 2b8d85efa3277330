package org.piranha.lvscf;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where each block and key of a parsed config was written, so that the validator can point at a
 * line. Blocks are addressed by their position in {@link LvsConfig#services()} and
 * {@link VirtualService#servers()}. A config built in code has no lines ({@link #none}); every
 * lookup then answers 0.
 */
public final class SourceMap {

    /** A block (the globals, a virtual or a server) and the lines of its keys (the last one if repeated). */
    static final class Block {
        final int line;
        final Map<String, Integer> keys = new HashMap<>();
        final List<Block> children = new ArrayList<>();
        /** A parse error was reported inside this block (for the root: outside every block). */
        boolean failed;

        Block(int line) {
            this.line = line;
        }
    }

    private final String file;
    private final Block root;
    private final int lastLine;
    private final boolean anyFailed;

    SourceMap(String file, Block root, int lastLine, boolean anyFailed) {
        this.file = file;
        this.root = root;
        this.lastLine = lastLine;
        this.anyFailed = anyFailed;
    }

    /** A map without lines, for configs built in code; diagnostics then name only the file. */
    public static SourceMap none(String file) {
        return new SourceMap(file, new Block(0), 0, false);
    }

    /** The file name as given to the parser. */
    public String file() {
        return file;
    }

    /** The last line of the file (0 for an empty one). */
    public int lastLine() {
        return lastLine;
    }

    /** The line of a global key, or 0 if it was not written. */
    public int global(String key) {
        return root.keys.getOrDefault(key, 0);
    }

    /** The line of the block header {@code virtual NAME} of service number {@code service}. */
    public int service(int service) {
        Block block = child(root, service);
        return block == null ? 0 : block.line;
    }

    /** The line of a key of a service, or else the line of its block. */
    public int service(int service, String key) {
        Block block = child(root, service);
        return block == null ? 0 : block.keys.getOrDefault(key, block.line);
    }

    /** The line of the block header {@code server NAME}. */
    public int server(int service, int server) {
        Block block = child(child(root, service), server);
        return block == null ? 0 : block.line;
    }

    /** The line of a key of a server, or else the line of its block. */
    public int server(int service, int server, String key) {
        Block block = child(child(root, service), server);
        return block == null ? 0 : block.keys.getOrDefault(key, block.line);
    }

    /** True when a parse error was reported in the global section (outside every block). */
    boolean globalsFailed() {
        return root.failed;
    }

    /** True when a parse error was reported anywhere. */
    boolean anyFailed() {
        return anyFailed;
    }

    /** True when a parse error was reported in service number {@code service} or one of its servers. */
    boolean serviceFailed(int service) {
        Block block = child(root, service);
        return block != null && block.failed;
    }

    private static Block child(Block parent, int index) {
        if (parent == null || index < 0 || index >= parent.children.size()) {
            return null;
        }
        return parent.children.get(index);
    }
}
