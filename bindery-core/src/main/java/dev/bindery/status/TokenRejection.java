package dev.bindery.status;

/** Why a token or read-your-writes window sent by a client was ignored (treated as absent); see {@link dev.bindery.ClientTokens#ignored()}. */
public enum TokenRejection {
    /** Not a signed token at all: unsigned, cut, too long, or not in the token syntax. */
    MALFORMED,
    /** Well formed, but signed by none of the configured {@code tokenKeys}: forged, edited, or signed by a removed key. */
    BAD_SIGNATURE,
    /** Asks for a position beyond any its group's primary has reported, even after reading the primary's position again. */
    AHEAD_OF_PRIMARY,
    /** A read-your-writes window that ends later than the configured window allows from now. */
    WINDOW_TOO_LONG
}
