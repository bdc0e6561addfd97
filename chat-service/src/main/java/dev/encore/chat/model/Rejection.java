package dev.encore.chat.model;

/** Why a frame was refused: the contract's error code, a message for people, and how long waiting takes (or null). */
public record Rejection(String code, String message, Long retryAfterMs) {
}
