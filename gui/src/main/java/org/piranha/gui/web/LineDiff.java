package org.piranha.gui.web;

import java.util.ArrayList;
import java.util.List;
import org.piranha.gui.web.Views.DiffLine;

/** A line diff (longest common subsequence) of two small texts, for showing a change before it is written. */
final class LineDiff {

    private LineDiff() {}

    static List<DiffLine> between(String before, String after) {
        String[] a = before.split("\n", -1);
        String[] b = after.split("\n", -1);
        int[][] lcs = new int[a.length + 1][b.length + 1];
        for (int i = a.length - 1; i >= 0; i--) {
            for (int j = b.length - 1; j >= 0; j--) {
                lcs[i][j] = a[i].equals(b[j]) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        List<DiffLine> lines = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.length || j < b.length) {
            if (i < a.length && j < b.length && a[i].equals(b[j])) {
                lines.add(new DiffLine(' ', a[i++]));
                j++;
            } else if (j < b.length && (i == a.length || lcs[i][j + 1] >= lcs[i + 1][j])) {
                lines.add(new DiffLine('+', b[j++]));
            } else {
                lines.add(new DiffLine('-', a[i++]));
            }
        }
        return lines;
    }
}
