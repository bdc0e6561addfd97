package dev.encore.media;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MediaConfigTest {

    @Test
    void readsSizesWithUnits() {
        assertThat(MediaConfig.parseSize("500MB"), is(500L * 1024 * 1024));
        assertThat(MediaConfig.parseSize("2gb"), is(2L * 1024 * 1024 * 1024));
        assertThat(MediaConfig.parseSize("1024"), is(1024L));
        assertThat(MediaConfig.parseSize("64 KB"), is(65536L));
    }

    @Test
    void refusesSizesWithoutANumber() {
        assertThrows(IllegalStateException.class, () -> MediaConfig.parseSize("lots"));
    }
}
