#if canImport(Glibc)
import Glibc
#endif

/// Writes `text` to file descriptor 2 unbuffered (no shared `FILE*` state, safe from any thread and in fatal paths).
public func writeToStandardError(_ text: String) {
    var text = text
    text.withUTF8 { bytes in
        var offset = 0
        while offset < bytes.count {
            let written = write(2, bytes.baseAddress! + offset, bytes.count - offset)
            if written <= 0 { return }
            offset += written
        }
    }
}
