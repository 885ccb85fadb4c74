package io.forkless.host.code;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.hash.HashCode;
import com.google.common.hash.Hashing;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Golden bytes of the code records and the upload transaction. A change here changes transaction
 * hashes and state roots on every node: it needs a new format byte, not an edit of these constants.
 */
class CodeGoldenBytesTest {

  private static final HashCode CODE = Hashing.sha256().hashString("code", StandardCharsets.UTF_8);

  private static String hex(byte[] b) {
    return HashCode.fromBytes(b).toString();
  }

  @Test
  void uploadTransaction() {
    CodeUpload u = new CodeUpload(CODE, 300, 100, 7, new byte[] {1, 2, 3});
    assertThat(hex(u.encode()))
        .isEqualTo(
            "10"
                + CODE
                + "000000000000012c"
                + "0000000000000064"
                + "0000000000000007"
                + "00000003"
                + "010203");
    assertThat(CodeUpload.decode(u.encode())).isEqualTo(u);
  }

  @Test
  void parameters() {
    assertThat(hex(CodeParameters.defaults().encode()))
        .isEqualTo(
            "01"
                + "0000000001000000"
                + "00000f80"
                + "0000000000100000"
                + "0000000000000064"
                + "00"
                + "0000000000000014");
    assertThat(CodeParameters.decode(CodeParameters.defaults().encode()))
        .isEqualTo(CodeParameters.defaults());
  }

  @Test
  void entry() {
    CodeEntry e = new CodeEntry(300, 200, 2, false, 5, 6, -1);
    assertThat(hex(e.encode()))
        .isEqualTo(
            "01"
                + "000000000000012c"
                + "00000000000000c8"
                + "00000002"
                + "00"
                + "0000000000000005"
                + "0000000000000006"
                + "ffffffffffffffff");
    assertThat(CodeEntry.decode(e.encode())).isEqualTo(e);
  }

  @Test
  void keys() {
    assertThat(hex(CodeRecords.PARAMS))
        .isEqualTo("00" + hex("code/params".getBytes(StandardCharsets.US_ASCII)));
    assertThat(hex(CodeRecords.chunkKey(CODE, 2)))
        .isEqualTo("00" + hex("code/c/".getBytes(StandardCharsets.US_ASCII)) + CODE + "00000002");
    assertThat(hex(CodeRecords.entryKey(CODE)))
        .isEqualTo("00" + hex("code/m/".getBytes(StandardCharsets.US_ASCII)) + CODE);
  }

  @Test
  void decodersRefuseUnknownFormatsAndTrailingBytes() {
    byte[] p = CodeParameters.defaults().encode();
    p[0] = 2;
    assertThatThrownBy(() -> CodeParameters.decode(p))
        .hasMessageContaining("unknown code parameters format 2");
    byte[] e = new CodeEntry(1, 1, 1, true, 0, 0, -1).encode();
    byte[] longer = java.util.Arrays.copyOf(e, e.length + 1);
    assertThatThrownBy(() -> CodeEntry.decode(longer)).hasMessageContaining("trailing");
    assertThatThrownBy(() -> CodeUpload.decode(new byte[] {1}))
        .hasMessageContaining("not a code upload");
  }
}
