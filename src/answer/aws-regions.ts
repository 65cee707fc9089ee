/**
 * Where AWS regions are, for factual questions about data location ("Is data stored in the EEA?",
 * "outside the United States?"). Public AWS region list; `eea` per the European Economic Area.
 */

export interface RegionPlace {
  city: string;
  country: string;
  /** ISO 3166 alpha-2 */
  code: string;
  eu: boolean;
  eea: boolean;
}

const R = (city: string, country: string, code: string, eu = false, eea = eu): RegionPlace => ({ city, country, code, eu, eea });

export const AWS_REGIONS: Readonly<Record<string, RegionPlace>> = {
  'us-east-1': R('N. Virginia', 'United States', 'US'),
  'us-east-2': R('Ohio', 'United States', 'US'),
  'us-west-1': R('N. California', 'United States', 'US'),
  'us-west-2': R('Oregon', 'United States', 'US'),
  'us-gov-east-1': R('GovCloud (US-East)', 'United States', 'US'),
  'us-gov-west-1': R('GovCloud (US-West)', 'United States', 'US'),
  'ca-central-1': R('Montreal', 'Canada', 'CA'),
  'ca-west-1': R('Calgary', 'Canada', 'CA'),
  'mx-central-1': R('Querétaro', 'Mexico', 'MX'),
  'sa-east-1': R('São Paulo', 'Brazil', 'BR'),
  'eu-west-1': R('Dublin', 'Ireland', 'IE', true),
  'eu-west-2': R('London', 'United Kingdom', 'GB'),
  'eu-west-3': R('Paris', 'France', 'FR', true),
  'eu-central-1': R('Frankfurt', 'Germany', 'DE', true),
  'eu-central-2': R('Zurich', 'Switzerland', 'CH'),
  'eu-north-1': R('Stockholm', 'Sweden', 'SE', true),
  'eu-south-1': R('Milan', 'Italy', 'IT', true),
  'eu-south-2': R('Aragón', 'Spain', 'ES', true),
  'il-central-1': R('Tel Aviv', 'Israel', 'IL'),
  'me-south-1': R('Bahrain', 'Bahrain', 'BH'),
  'me-central-1': R('UAE', 'United Arab Emirates', 'AE'),
  'af-south-1': R('Cape Town', 'South Africa', 'ZA'),
  'ap-east-1': R('Hong Kong', 'Hong Kong', 'HK'),
  'ap-south-1': R('Mumbai', 'India', 'IN'),
  'ap-south-2': R('Hyderabad', 'India', 'IN'),
  'ap-northeast-1': R('Tokyo', 'Japan', 'JP'),
  'ap-northeast-2': R('Seoul', 'South Korea', 'KR'),
  'ap-northeast-3': R('Osaka', 'Japan', 'JP'),
  'ap-southeast-1': R('Singapore', 'Singapore', 'SG'),
  'ap-southeast-2': R('Sydney', 'Australia', 'AU'),
  'ap-southeast-3': R('Jakarta', 'Indonesia', 'ID'),
  'ap-southeast-4': R('Melbourne', 'Australia', 'AU'),
  'ap-southeast-5': R('Malaysia', 'Malaysia', 'MY'),
  'ap-southeast-7': R('Thailand', 'Thailand', 'TH'),
};

export function describeRegion(region: string): string {
  const p = AWS_REGIONS[region];
  return p ? `${p.country} (AWS ${region}, ${p.city})` : `AWS ${region}`;
}
