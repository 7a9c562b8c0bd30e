package dev.bindery.spring;

import dev.bindery.Binds;
import dev.bindery.servlet.ReadYourWritesCookie;
import dev.bindery.spring.internal.WriteMemory;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;

/**
 * Carries read-your-writes across a client's requests: a request starts from what its client's signed cookie carries
 * (a causal token, or a window in which its reads stay on the primary), so its read-only transactions see the writes
 * of the client's earlier requests; after a request whose read-write transactions committed, the response carries the
 * new token before its body is written. The cookie is bindery-servlet's {@link ReadYourWritesCookie}, the same one the
 * servlet filter and the Javalin plugin issue: signed with the binds' {@code tokenKeys}, bounded, and ignored (and
 * counted) when forged or malformed.
 */
public final class ReadYourWritesFilter implements Filter {
    private final Binds binds;
    private final ReadYourWritesCookie cookie;
    private final long windowMillis;

    /**
     * A filter over {@code binds} with the cookie {@code cookieName}, whose windows last {@code window}, marked
     * {@code Secure} on every response when {@code alwaysSecure} (else over HTTPS only).
     *
     * @throws IllegalArgumentException if the name is not a cookie token or the window is not positive
     */
    public ReadYourWritesFilter(Binds binds, String cookieName, Duration window, boolean alwaysSecure) {
        this.binds = binds;
        this.cookie = new ReadYourWritesCookie(cookieName, window, alwaysSecure, binds.tokens());
        this.windowMillis = window.toMillis();
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        if (!(req instanceof HttpServletRequest request) || !(res instanceof HttpServletResponse response)) {
            chain.doFilter(req, res);
            return;
        }
        ReadYourWritesCookie.Marker marker = cookie.read(request, System.currentTimeMillis());
        WriteMemory memory = WriteMemory.carried(windowMillis, marker.after(), marker.primaryReads() ? Long.MAX_VALUE : 0);
        WriteMemory previous = WriteMemory.install(memory);
        IssuingResponse issuing = new IssuingResponse(request, response, memory);
        try {
            chain.doFilter(request, issuing);
        } finally {
            try {
                issuing.issue();
            } finally {
                WriteMemory.install(previous);
            }
        }
    }

    /** The response, which sets the cookie once, before its body or status is sent, when the request wrote. */
    private final class IssuingResponse extends HttpServletResponseWrapper {
        private final HttpServletRequest request;
        private final WriteMemory memory;
        private boolean issued;

        IssuingResponse(HttpServletRequest request, HttpServletResponse response, WriteMemory memory) {
            super(response);
            this.request = request;
            this.memory = memory;
        }

        void issue() {
            if (issued) {
                return;
            }
            issued = true;
            HttpServletResponse response = (HttpServletResponse) getResponse();
            if (memory.wrote() && !response.isCommitted()) {
                cookie.issue(request, response, System.currentTimeMillis(), memory.committedToken(binds));
            }
        }

        @Override
        public ServletOutputStream getOutputStream() throws IOException {
            issue();
            return super.getOutputStream();
        }

        @Override
        public PrintWriter getWriter() throws IOException {
            issue();
            return super.getWriter();
        }

        @Override
        public void flushBuffer() throws IOException {
            issue();
            super.flushBuffer();
        }

        @Override
        public void sendError(int sc, String msg) throws IOException {
            issue();
            super.sendError(sc, msg);
        }

        @Override
        public void sendError(int sc) throws IOException {
            issue();
            super.sendError(sc);
        }

        @Override
        public void sendRedirect(String location) throws IOException {
            issue();
            super.sendRedirect(location);
        }
    }
}
