/*
 * A stand-in bcryptprimitives.dll for testing under Wine 8 only: NOT part of any package,
 * and never needed on real Windows, whose bcryptprimitives.dll (Windows 10 and later)
 * already exports ProcessPrng.
 *
 * Rust's std on Windows gets its random bytes (HashMap seeds) from
 * bcryptprimitives.dll!ProcessPrng, so the win32-x64 addon imports that DLL, and Wine 8.0
 * has none: without this stub node.exe fails to load the addon (ERROR_MOD_NOT_FOUND).
 * scripts/test-win32.js compiles it with zig (x86_64-windows-gnu) into its private Wine
 * prefix's system32.
 *
 * The bytes are real randomness: the call is forwarded to advapi32's SystemFunction036
 * (RtlGenRandom), in pieces because that takes a 32-bit length. ProcessPrng is documented
 * to always succeed and its callers (Rust's std) ignore the result, so if RtlGenRandom ever
 * fails the process stops here rather than return a buffer that is not random.
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    while (length > 0) {
        ULONG piece = length > 0x40000000 ? 0x40000000 : (ULONG)length;
        if (!SystemFunction036(data, piece)) __builtin_trap();
        data += piece;
        length -= piece;
    }
    return TRUE;
}
