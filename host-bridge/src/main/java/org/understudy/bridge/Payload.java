package org.understudy.bridge;

/** The instance's document bytes (stored in the host project) and the generation they belong to. */
public record Payload(byte[] bytes, long generation) {}
