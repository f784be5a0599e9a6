package org.dqnspark.collector.demonstrations;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.dqnspark.core.UserError;

/** A trial's text file: its lines and its SHA-256, read once. */
record TrialText(Path file, List<String> lines, String sha256) {

    static TrialText read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UserError("Cannot read " + file + ": " + e.getMessage(), e);
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        try {
            return new TrialText(file, text.lines().toList(),
                    HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }

    /** {@code file:line} for messages, line counted from 1. */
    String where(int index) {
        return file + ":" + (index + 1);
    }

    /** An integer field, or a UserError naming the line, the field and what it holds. */
    int integer(String value, String field, int index) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw malformed(index, field + " is '" + value + "', not an integer");
        }
    }

    UserError malformed(int index, String what) {
        return new UserError(where(index) + ": " + what + ". The file is not a well-formed trial; nothing was"
                + " imported. Fix or remove the file and run the import again.");
    }
}
