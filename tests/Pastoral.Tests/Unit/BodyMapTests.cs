using Pastoral.Features.Safeguarding.Concerns;

namespace Pastoral.Tests.Unit;

/// <summary>The body map's outline decides on the server whether a mark is on the body.</summary>
public sealed class BodyMapTests
{
    [Theory]
    [InlineData(100, 35)]   // head
    [InlineData(100, 130)]  // chest
    [InlineData(48, 170)]   // right forearm (the viewer's left)
    [InlineData(146, 160)]  // left forearm
    [InlineData(115, 300)]  // left leg
    public void A_point_on_the_body_is_inside(double x, double y) => Assert.True(BodyMap.OnBody(x, y));

    [Theory]
    [InlineData(10, 10)]    // a corner
    [InlineData(140, 200)]  // between the left arm and the body
    [InlineData(100, 300)]  // between the legs
    [InlineData(100, 5)]    // above the head
    [InlineData(-1, 200)]
    [InlineData(double.NaN, 100)]
    public void A_point_off_the_body_is_outside(double x, double y) => Assert.False(BodyMap.OnBody(x, y));

    [Fact]
    public void The_outline_is_closed_and_symmetric() =>
        Assert.All(BodyMap.Outline, p => Assert.Contains(BodyMap.Outline, q => Math.Abs(q.X - (BodyMap.Width - p.X)) < 1e-9 && Math.Abs(q.Y - p.Y) < 1e-9));

    [Theory]
    [InlineData(BodySide.Front, 146, 160, "front, left arm")]
    [InlineData(BodySide.Back, 146, 160, "back, right arm")]
    [InlineData(BodySide.Front, 100, 160, "front, abdomen")]
    public void A_mark_is_named_by_region(BodySide side, double x, double y, string expected) => Assert.Equal(expected, BodyMap.Region(side, x, y));
}
