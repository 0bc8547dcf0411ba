package dev.pgauth.aws;

/** Keeps SDK exception text short and free of anything but the SDK's own explanation. */
final class AwsErrors {
    private AwsErrors() {
    }

    /** The first sentence of the SDK's message, bounded; SDK messages name providers and settings, not secrets. */
    static String summary(Exception e) {
        String message = String.valueOf(e.getMessage()).replace('\n', ' ');
        int end = message.indexOf(". ");
        String first = end > 0 ? message.substring(0, end) : message;
        return first.length() > 300 ? first.substring(0, 300) + "…" : first;
    }
}
