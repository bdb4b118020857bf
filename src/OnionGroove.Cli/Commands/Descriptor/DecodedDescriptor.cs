using OnionGroove.Crypto;
using OnionGroove.Descriptors;

namespace OnionGroove.Cli.Commands.Descriptor;

/// <summary>A decoded descriptor with the facts of how it was decoded.</summary>
internal sealed record DecodedDescriptor(OnionAddress Address, TimePeriod Period, bool PeriodGuessed, int Size, HsDescriptor Descriptor);
