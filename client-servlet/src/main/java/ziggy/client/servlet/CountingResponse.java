package ziggy.client.servlet;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The response, counting the body bytes the application writes (through the stream or the writer) for
 * {@code response.size}. Bytes go straight through: nothing is buffered here, so nothing can be left
 * unflushed when the request ends. The writer counts the bytes its characters encode to in the response's
 * character encoding.
 */
final class CountingResponse extends HttpServletResponseWrapper {
    private final AtomicLong bytes;
    private ServletOutputStream stream;
    private PrintWriter writer;

    CountingResponse(HttpServletResponse response, AtomicLong bytes) {
        super(response);
        this.bytes = bytes;
    }

    @Override
    public synchronized ServletOutputStream getOutputStream() throws IOException {
        if (stream == null) {
            stream = new CountingStream(super.getOutputStream(), bytes);
        }
        return stream;
    }

    @Override
    public synchronized PrintWriter getWriter() throws IOException {
        if (writer == null) {
            Charset charset;
            try {
                charset = Charset.forName(getCharacterEncoding());
            } catch (RuntimeException unknown) {
                charset = StandardCharsets.ISO_8859_1;
            }
            writer = new PrintWriter(new CountingWriter(super.getWriter(), bytes, charset));
        }
        return writer;
    }

    private static final class CountingStream extends ServletOutputStream {
        private final ServletOutputStream out;
        private final AtomicLong bytes;

        CountingStream(ServletOutputStream out, AtomicLong bytes) {
            this.out = out;
            this.bytes = bytes;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            bytes.incrementAndGet();
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            bytes.addAndGet(len);
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            out.close();
        }

        @Override
        public boolean isReady() {
            return out.isReady();
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            out.setWriteListener(listener);
        }
    }

    private static final class CountingWriter extends Writer {
        private final Writer out;
        private final AtomicLong bytes;
        private final Charset charset;
        private final boolean utf8;
        private final boolean singleByte;

        CountingWriter(Writer out, AtomicLong bytes, Charset charset) {
            this.out = out;
            this.bytes = bytes;
            this.charset = charset;
            this.utf8 = charset.equals(StandardCharsets.UTF_8);
            this.singleByte = charset.equals(StandardCharsets.ISO_8859_1) || charset.equals(StandardCharsets.US_ASCII);
        }

        @Override
        public void write(char[] chars, int off, int len) throws IOException {
            out.write(chars, off, len);
            bytes.addAndGet(encodedLength(new String(chars, off, len)));
        }

        @Override
        public void write(String s, int off, int len) throws IOException {
            out.write(s, off, len);
            bytes.addAndGet(encodedLength(s.substring(off, off + len)));
        }

        private long encodedLength(String s) {
            if (singleByte) {
                return s.length();
            }
            if (!utf8) {
                return s.getBytes(charset).length;
            }
            long n = 0;
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                // A surrogate pair is 4 bytes in UTF-8: 2 for each half.
                n += c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
            }
            return n;
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }
}
