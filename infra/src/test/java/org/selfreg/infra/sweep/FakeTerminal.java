package org.selfreg.infra.sweep;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A terminal for tests: standard output and error write into one screen in the order they arrive, and {@link #screen}
 * shows what a person would see, interpreting the carriage returns, line feeds and the cursor-up ({@code ESC[nA}) and
 * clear-to-end ({@code ESC[J}) sequences that progress displays use.
 */
final class FakeTerminal {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    final PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    /** Everything written, escape sequences included. */
    String raw() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** The rows on screen, without the empty row the cursor rests on after a final line feed. */
    List<String> screen() {
        List<StringBuilder> rows = new ArrayList<>(List.of(new StringBuilder()));
        int row = 0;
        int col = 0;
        String text = raw();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                row++;
                col = 0;
                if (row == rows.size()) {
                    rows.add(new StringBuilder());
                }
            } else if (c == '\r') {
                col = 0;
            } else if (c == '\u001b' && i + 1 < text.length() && text.charAt(i + 1) == '[') {
                int end = i + 2;
                while (Character.isDigit(text.charAt(end))) {
                    end++;
                }
                int n = end == i + 2 ? 1 : Integer.parseInt(text.substring(i + 2, end));
                switch (text.charAt(end)) {
                    case 'A' -> row = Math.max(0, row - n);
                    case 'J' -> {
                        rows.get(row).setLength(Math.min(col, rows.get(row).length()));
                        rows.subList(row + 1, rows.size()).clear();
                    }
                    default -> throw new IllegalArgumentException("unexpected escape " + text.substring(i, end + 1));
                }
                i = end;
            } else {
                StringBuilder current = rows.get(row);
                while (current.length() < col) {
                    current.append(' ');
                }
                if (col < current.length()) {
                    current.setCharAt(col, c);
                } else {
                    current.append(c);
                }
                col++;
            }
        }
        if (rows.get(rows.size() - 1).isEmpty()) {
            rows.remove(rows.size() - 1);
        }
        return rows.stream().map(StringBuilder::toString).toList();
    }
}
