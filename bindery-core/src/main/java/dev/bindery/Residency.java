package dev.bindery;

import dev.bindery.spi.Router;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Explicit, audited exceptions to data residency. Inside {@link #override(String)}, resident data may be routed to an
 * explicitly named bind of another region; the scope is logged at WARN with its reason. Everything else about
 * residency is enforced by the {@link Router}.
 */
public final class Residency {
    private static final Logger LOG = LoggerFactory.getLogger(Residency.class);

    private Residency() {
    }

    /**
     * Opens an override scope on the current thread: explicit binds outside the current region are allowed for
     * resident data until the scope closes. Logged at WARN with {@code reason}.
     *
     * @throws IllegalArgumentException if {@code reason} is blank: an override must say why
     */
    public static BindScope override(String reason) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("Residency.override needs a reason for the audit log, e.g. \"GDPR export ticket 1234\"");
        }
        LOG.warn("Residency override opened on thread {}: {}", Thread.currentThread().getName(), reason);
        return BindContext.overrideResidency(reason);
    }
}
