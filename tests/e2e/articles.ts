/** Small articles the e2e specs drop on the window. */
export const HARBOUR_ARTICLE = {
  name: 'harbour-ferry.txt',
  mimeType: 'text/plain',
  title: 'New Electric Ferry Links the Two Harbours',
  content: `New Electric Ferry Links the Two Harbours

PORTWENN — A battery-powered ferry began carrying passengers between the north and south harbours
on Monday, cutting the crossing from forty minutes by road to eleven minutes by water.

The vessel, named Curlew, seats ninety people and twenty bicycles. It charges from a shore
connection during the ten-minute turnaround at each end.

"Fishermen used to row this crossing," said harbour master Elin Price. "Now my grandchildren can
do it quietly, and without the diesel smell."

The council expects six hundred crossings a week by summer and will review the timetable in
September.
`,
};

export const MARKET_ARTICLE = {
  name: 'market-hall.txt',
  mimeType: 'text/plain',
  title: 'Old Market Hall Reopens After Repairs',
  content: `Old Market Hall Reopens After Repairs

The Victorian market hall on Bridge Street reopened on Friday after two years of repairs to its
iron roof. Twenty-four traders have taken stalls, nine of them new to the town.
`,
};
