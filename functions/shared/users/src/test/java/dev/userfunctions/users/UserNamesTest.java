package dev.userfunctions.users;

import dev.userfunctions.answers.InvalidRequestException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UserNamesTest {

    @ParameterizedTest
    @ValueSource(strings = { "ly1", "Zoë", "Jean-Luc Picard", "o'brien", "李小龙", "a.b_c", "x" })
    void acceptsOrdinaryNames(String name) {
        assertThat(UserNames.requireValid(name)).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(strings = { "{\"$ne\": null}", "$where", "ly1' || '1'=='1", "ly1/2", "ly1\u0000", "tab\there",
            "line\nbreak", "a{b}", "a\"b", "<script>", "ly1;drop", "\u202Eevil" })
    void refusesOperatorsQuotesSlashesAndControlCharacters(String name) {
        assertThatThrownBy(() -> UserNames.requireValid(name))
            .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.status()).isEqualTo(400))
            .hasMessageContaining("may contain only");
    }

    @Test
    void refusesEmptyLongAndPaddedNames() {
        assertThatThrownBy(() -> UserNames.requireValid("")).hasMessage("name is required");
        assertThatThrownBy(() -> UserNames.requireValid(null)).hasMessage("name is required");
        assertThat(UserNames.requireValid("a".repeat(64))).hasSize(64);
        assertThatThrownBy(() -> UserNames.requireValid("a".repeat(65))).hasMessageContaining("longer than 64");
        assertThatThrownBy(() -> UserNames.requireValid("a".repeat(10_000))).hasMessageContaining("longer than 64");
        assertThatThrownBy(() -> UserNames.requireValid(" ly1")).hasMessageContaining("space");
    }

    @Test
    void prefixesFollowTheSameAlphabet() {
        assertThat(UserNames.requireValidPrefix("")).isEmpty();
        assertThat(UserNames.requireValidPrefix("ly")).isEqualTo("ly");
        assertThatThrownBy(() -> UserNames.requireValidPrefix("$")).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> UserNames.requireValidPrefix("p".repeat(33))).hasMessageContaining("longer than 32");
    }

    @Test
    void aPrefixIsCountedInCharactersAndRefusedUnderItsOwnLimit() {
        assertThatThrownBy(() -> UserNames.requireValidPrefix("p".repeat(257)))
            .hasMessage("prefix is longer than 32 characters (257)");
        String scriptA = new String(Character.toChars(0x1D49C));
        assertThat(UserNames.requireValidPrefix(scriptA.repeat(32))).as("32 characters of two UTF-16 units each")
            .hasSize(64);
        assertThatThrownBy(() -> UserNames.requireValid(scriptA.repeat(65)))
            .hasMessage("name is longer than 64 characters (65)");
    }

}
